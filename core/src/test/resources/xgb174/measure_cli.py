#!/usr/bin/python3
"""./scoring score on each kind of fixture model vs XGBoost 1.7.4's predict: max relative difference."""
import json, subprocess, sys, os
R = os.path.dirname(os.path.abspath(__file__)) + "/"
SCORING = os.path.abspath(R + "../../../../../scoring")
TMP = "/tmp/measure-cli"
os.makedirs(TMP, exist_ok=True)
exp = json.load(open(R + "expected.json"))
kinds = [("logistic", "bin", "logistic.bin"), ("logistic", "bin", "sagemaker-model.tar.gz"),
         ("logistic", "v090", "logistic.v090.bin"), ("logistic", "v10", "logistic.v10.bin"),
         ("logistic", "v13", "logistic.v13.bin"), ("logistic", "v20", "logistic.v20.bin"),
         ("logistic", "v21", "logistic.v21.bin"), ("logitraw", "json", "logitraw.json"),
         ("logitraw", "bin", "logitraw.bin"), ("softprob", "bin", "softprob.bin"), ("poisson", "v090", "poisson.v090.bin"),
         ("dart_logistic", "json", "dart_logistic.json"), ("dart_squarederror", "bin", "dart_squarederror.bin"),
         ("linear_squarederror", "json", "linear_squarederror.json"), ("linear_softprob", "bin", "linear_softprob.bin"),
         ("linear_logistic", "v090", "linear_logistic.v090.bin"),
         ("cat_partition", "json", "cat_partition.json"), ("cat_onehot", "ubj", "cat_onehot.ubj")]
for model, form, file in kinds:
    rows = exp["models"][model].get("rows", exp["rows"])
    inp = TMP + "/%s.csv" % file
    with open(inp, "w") as f:
        for r in rows:
            f.write(",".join("" if v is None else repr(v) for v in r) + "\n")
    out = TMP + "/%s.out.csv" % file
    p = subprocess.run([SCORING, "score", "--model", R + file, "--input", inp, "--output", out],
                       capture_output=True, text=True)
    if p.returncode != 0:
        print("%-28s FAILED %s" % (file, p.stderr.strip().splitlines()[-1:])); sys.stdout.flush(); continue
    lines = open(out).read().split("\n")[1:]
    got = [float(c) for l in lines if l for c in l.split(",")]
    want = exp["models"][model][form]["predict"]
    assert len(got) == len(want), (file, len(got), len(want))
    worst = max(abs(g - w) / max(1.0, abs(w)) for g, w in zip(got, want))
    print("%-28s %4d values  max rel diff %.2e  %s" % (file, len(want), worst, "OK" if worst <= 1e-6 else "OVER"))
    sys.stdout.flush()
