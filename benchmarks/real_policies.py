"""Plain-words questions about real policies: is the passage that answers them in the top 5?

    python benchmarks/real_policies.py [QUESTIONS.yaml] [--corpus DIR] [--embedder minilm|e5|e5+minilm] [--workdir DIR]
        [--k 5] [--misses]

Each policy file is ingested on its own into a fresh knowledge base with the product's ingest, indexed
with the product's embedder and searched with the product's hybrid retriever, as `policybot ingest
FILE --kb DIR` and `policybot search QUESTION --kb DIR` do. A question is found when one of the top k
clauses overlaps the characters of the file that answer it. BM25 alone is scored in the same run.
The questions (benchmarks/data/real_policy_questions.yaml) were written blind, by a helper that never
saw this code; they hold offsets into the policies, never their text.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import yaml

from bot.policy.ingest import ingest_files
from bot.policy.knowledge import load_knowledge_base
from bot.retrieval.embeddings import DEFAULT_LOCAL_MODEL, LOCAL_MODELS
from bot.retrieval.index import ClauseIndex, open_client, token_store
from bot.retrieval.retriever import HybridRetriever, LexicalRetriever

HERE = Path(__file__).resolve().parent
DEFAULT_QUESTIONS = HERE / "data" / "real_policy_questions.yaml"
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus" / "policies"


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("questions", type=Path, nargs="?", default=DEFAULT_QUESTIONS)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the folder of the policy files")
    parser.add_argument("--embedder", choices=sorted(LOCAL_MODELS), default=DEFAULT_LOCAL_MODEL)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--misses", action="store_true", help="list the questions the fused ranking missed")
    parser.add_argument("--workdir", type=Path, help="keep the knowledge bases and index here (reruns embed nothing)")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        raise SystemExit(f"{args.corpus}: no such folder (the real policies live in ../shared/corpus/policies)")

    questions = yaml.safe_load(args.questions.read_text(encoding="utf-8"))
    by_file: dict[str, list[dict]] = defaultdict(list)
    for q in questions:
        by_file[q["file"]].append(q)
    embedder = LOCAL_MODELS[args.embedder](None)
    found = {"bm25": 0, "fused": 0}
    per_file: dict[str, tuple[int, int]] = {}
    misses: list[str] = []
    index_s = search_s = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        work = args.workdir or Path(tmp)
        client = open_client(work / "index")
        for number, (name, asked) in enumerate(sorted(by_file.items())):
            kb_dir = work / f"kb-{number}"
            t0 = time.perf_counter()
            shutil.rmtree(kb_dir, ignore_errors=True)
            ingest_files([args.corpus / name], kb_dir)
            kb = load_knowledge_base(kb_dir, with_rules=False)
            index = ClauseIndex(client, kb, embedder, token_store(work / "tokens", kb, embedder))
            index.sync()
            index_s += time.perf_counter() - t0
            rankers = {"bm25": LexicalRetriever(kb), "fused": HybridRetriever(kb, index, embedder)}
            hits_here = 0
            for q in asked:
                for label, ranker in rankers.items():
                    t1 = time.perf_counter()
                    top = ranker.search(q["question"], args.k)
                    if label == "fused":
                        search_s += time.perf_counter() - t1
                    hit = any(overlaps(h.clause.start, h.clause.end, q["answer_start"], q["answer_end"]) for h in top)
                    found[label] += hit
                    if label == "fused":
                        hits_here += hit
                        if not hit:
                            misses.append(f"{name}: {q['question']}\n      top: {', '.join(h.clause.id for h in top)}")
            per_file[name] = (hits_here, len(asked))
            print(f"  {name}: {hits_here}/{len(asked)}", file=sys.stderr)
    total = len(questions)
    print(f"{total} questions over {len(by_file)} policies, top {args.k}, dense model {embedder.name}")
    for label, n in found.items():
        print(f"  {label:<6} {n}/{total} = {n / total:.3f}")
    print(f"ingest+index {index_s:.1f} s in all; fused search {1000 * search_s / total:.1f} ms a question (warm)")
    if args.misses:
        print("missed by the fused ranking:")
        for line in misses:
            print(f"  {line}")


if __name__ == "__main__":
    main()
