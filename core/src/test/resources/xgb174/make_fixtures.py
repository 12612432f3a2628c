#!/usr/bin/python3
"""Writes the XGBoost fixtures of XgboostFixtureTest with Debian's python3-xgboost 1.7.4 (the outside oracle).

Run from this folder with Debian's interpreter:  /usr/bin/python3 make_fixtures.py
Needs: apt-get install -y python3-xgboost   (XGBoost 1.7.4, numpy)

Writes, for each model: <name>.json, <name>.ubj, <name>.bin (XGBoost's binary format, header "binf", what
save_model("xgboost-model") writes), and expected.json with XGBoost's predict() and predict(pred_contribs=True) for
rows.csv. Binary files in the layout of other versions are derived from 1.7.4's by the byte layout XGBoost's
src/learner.cc documents for each version (see docs/model-formats.md), and their expected values come from XGBoost
1.7.4 *loading those files*:
  .v090.bin  0.8x/0.90: no "binf" header, version fields 0, base_score stored as the margin
  .v10.bin   1.0: no header, version 1.0, no num_target
  .v13.bin   1.3: header, version 1.3, no num_target
  .v20.bin   2.0: header, version 2.0, boost_from_average 0
  .v21.bin   2.1: header, version 2.1, boost_from_average 0
and sagemaker-model.tar.gz holds logistic.bin as xgboost-model, as SageMaker's built-in algorithm saves it.
"""
import io, json, math, pickle, struct, tarfile
import numpy as np
import xgboost as xgb

assert xgb.__version__ == "1.7.4", xgb.__version__
rng = np.random.default_rng(17)
N, F = 40, 5
X = rng.normal(size=(300, F)).astype(np.float32)
X[rng.random(X.shape) < 0.08] = np.nan
lin = np.nan_to_num(X[:, 0]) + 0.5 * np.nan_to_num(X[:, 1]) - 0.7 * np.nan_to_num(X[:, 2] * X[:, 3])
labels = {
    "bin": (lin + 0.3 * rng.normal(size=300) > 0.2).astype(np.float32),
    "reg": (3 * lin + 10 + rng.normal(size=300)).astype(np.float32),
    "cnt": np.floor(np.exp(0.5 * lin) * 2 * rng.random(300)).astype(np.float32),
    "multi": np.digitize(lin, [-0.5, 0.5]).astype(np.float32),
}
rows = X[:N]

MODELS = {
    "logistic": ({"objective": "binary:logistic", "max_depth": 3, "eta": 0.3}, "bin"),
    "logitraw": ({"objective": "binary:logitraw", "base_score": 0.3, "max_depth": 3}, "bin"),
    "squarederror": ({"objective": "reg:squarederror", "max_depth": 4}, "reg"),
    "poisson": ({"objective": "count:poisson", "max_depth": 3}, "cnt"),
    "softprob": ({"objective": "multi:softprob", "num_class": 3, "max_depth": 3}, "multi"),
    "dart_logistic": ({"objective": "binary:logistic", "booster": "dart", "rate_drop": 0.3, "skip_drop": 0.0,
                       "max_depth": 3, "seed": 3}, "bin"),
    "dart_squarederror": ({"objective": "reg:squarederror", "booster": "dart", "rate_drop": 0.2, "max_depth": 3,
                           "seed": 5}, "reg"),
    "linear_squarederror": ({"objective": "reg:squarederror", "booster": "gblinear", "lambda": 0.1}, "reg"),
    "linear_logistic": ({"objective": "binary:logistic", "booster": "gblinear"}, "bin"),
    "linear_softprob": ({"objective": "multi:softprob", "num_class": 3, "booster": "gblinear"}, "multi"),
    "linear_poisson": ({"objective": "count:poisson", "booster": "gblinear"}, "cnt"),
}
VARIANTS = ["logistic", "logitraw", "softprob", "dart_logistic", "linear_logistic", "poisson"]


def oracle(path):
    b = xgb.Booster(model_file=path)
    d = xgb.DMatrix(rows)
    return {"predict": b.predict(d).astype(float).ravel().tolist(),
            "margin": b.predict(d, output_margin=True).astype(float).ravel().tolist(),
            "contribs": b.predict(d, pred_contribs=True).astype(float).ravel().tolist()}


def variant(binf, major, minor, header, margin_base=None, num_target=None, boost_from_average=None):
    assert binf[:4] == b"binf"
    p = bytearray(binf[4:4 + 136])
    struct.pack_into("<II", p, 20, major, minor)
    if num_target is not None:
        struct.pack_into("<I", p, 28, num_target)
    if boost_from_average is not None:
        struct.pack_into("<i", p, 32, boost_from_average)
    if margin_base is not None:
        struct.pack_into("<f", p, 0, margin_base)
    return (b"binf" if header else b"") + bytes(p) + binf[4 + 136:]


expected = {"rows": [[None if np.isnan(v) else float(v) for v in r] for r in rows], "features": F, "models": {}}
for name, (params, label) in MODELS.items():
    d = xgb.DMatrix(X, label=labels[label])
    params = dict(params, nthread=1)  # gblinear's shotgun updater is only deterministic on one thread
    booster = xgb.train(params, d, 6 if "linear" in name else 8)
    booster.save_model(name + ".json")
    booster.save_model(name + ".ubj")
    booster.save_model(name + ".bin")   # any other extension: the deprecated binary format
    expected["models"][name] = {"json": oracle(name + ".json"), "ubj": oracle(name + ".ubj"),
                                "bin": oracle(name + ".bin")}
    if name in VARIANTS:
        binf = open(name + ".bin", "rb").read()
        base = struct.unpack_from("<f", binf, 4)[0]
        obj = params["objective"]
        margin = base if obj.startswith("multi:") or obj == "binary:logitraw" else (
            math.log(base) if obj == "count:poisson" else -math.log(1 / base - 1))
        files = {
            "v090": variant(binf, 0, 0, False, margin_base=margin, num_target=0),
            "v10": variant(binf, 1, 0, False, num_target=0),
            "v13": variant(binf, 1, 3, True, num_target=0),
            "v20": variant(binf, 2, 0, True, num_target=1, boost_from_average=0),
            "v21": variant(binf, 2, 1, True, num_target=1, boost_from_average=0),
        }
        for v, data in files.items():
            fn = "%s.%s.bin" % (name, v)
            open(fn, "wb").write(data)
            expected["models"][name][v] = oracle(fn)

# Categorical splits (1.6+, JSON and UBJSON only): columns 0 and 1 hold category codes. Scored rows add codes XGBoost
# never saw in training (9, 40, 1e8), invalid ones (-1) and missing ones, which XGBoost sends left or the default way.
C = X.copy()
C[:, 0] = rng.integers(0, 6, 300)
C[:, 1] = rng.integers(0, 12, 300)
C[rng.random(300) < 0.05, 0] = np.nan
cy = {"reg": ((C[:, 0] % 3 == 1) * 2.0 + (C[:, 1] > 6) + np.nan_to_num(C[:, 2])).astype(np.float32)}
cy["bin"] = (cy["reg"] + 0.5 * rng.normal(size=300) > 1.2).astype(np.float32)
crows = C[:N].copy()
crows[0:5, 0] = [9, 40, -1, 1e8, np.nan]
crows[5:8, 1] = [12, 31, 33]
CATEGORICAL = {
    "cat_partition": ({"objective": "reg:squarederror", "tree_method": "hist", "max_cat_to_onehot": 1,
                       "max_depth": 4}, "reg"),
    "cat_onehot": ({"objective": "binary:logistic", "tree_method": "hist", "max_cat_to_onehot": 64,
                    "max_depth": 3}, "bin"),
}
types = ["c", "c"] + ["q"] * (F - 2)
for name, (params, label) in CATEGORICAL.items():
    d = xgb.DMatrix(C, label=cy[label], feature_types=types, enable_categorical=True)
    booster = xgb.train(dict(params, nthread=1), d, 8)
    dm = xgb.DMatrix(crows, feature_types=types, enable_categorical=True)
    expected["models"][name] = {"rows": [[None if np.isnan(v) else float(v) for v in r] for r in crows]}
    for form in ("json", "ubj"):
        booster.save_model(name + "." + form)
        b = xgb.Booster(model_file=name + "." + form)
        expected["models"][name][form] = {
            "predict": b.predict(dm).astype(float).ravel().tolist(),
            "margin": b.predict(dm, output_margin=True).astype(float).ravel().tolist(),
            "contribs": b.predict(dm, pred_contribs=True).astype(float).ravel().tolist()}

with tarfile.open("sagemaker-model.tar.gz", "w:gz") as tar:
    data = open("logistic.bin", "rb").read()
    info = tarfile.TarInfo("xgboost-model")
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))

# Pickled Boosters (SageMaker's 0.90 containers saved pickle.dump(booster) as xgboost-model). Booster.__getstate__
# puts the model buffer in the state's "handle": 1.7.4 its UBJSON memory snapshot (pickled with protocols 2 and 4);
# 0.90 save_raw(), the headerless binary format; 1.0-1.2 "CONFIG-offset:" + int64 length + binary model + JSON config.
# The older buffers are put in by overriding __getstate__ while pickling. Expected values: XGBoost 1.7.4's predict on
# what pickle.load gives back (for the 0.90 buffer, which 1.7.4 does not unpickle, on that buffer loaded as a model
# file). dart_logistic.sklearn.pkl is an XGBClassifier as pickle.dump writes it (state: __dict__,
# with the Booster as _Booster); sklearn is not in Debian's python3-xgboost, so it is built without fit().
def pickled(booster, protocol, handle=None):
    orig = xgb.Booster.__getstate__
    if handle is not None:
        xgb.Booster.__getstate__ = lambda self: dict(orig(self), handle=bytearray(handle))
    try:
        return pickle.dumps(booster, protocol=protocol)
    finally:
        xgb.Booster.__getstate__ = orig


pk = xgb.Booster(model_file="logistic.json")
pk2 = xgb.Booster(model_file="logistic.json")
pk2.notes = ["note %d" % i for i in range(300)]  # > 256 memo entries after the model: LONG_BINPUT near the end
v10 = open("logistic.v10.bin", "rb").read()
clf = xgb.XGBClassifier.__new__(xgb.XGBClassifier)
clf.__dict__.update({"n_estimators": 8, "objective": "binary:logistic", "max_depth": 3, "learning_rate": 0.3,
                     "missing": np.nan, "n_classes_": 2, "_Booster": xgb.Booster(model_file="dart_logistic.json")})
PICKLES = {
    "logistic.p2.pkl": pickled(pk2, 2),
    "logistic.p4.pkl": pickled(pk, 4),
    "logistic.v090.pkl": pickled(pk, 3, open("logistic.v090.bin", "rb").read()),
    "logistic.v10.pkl": pickled(pk, 2, b"CONFIG-offset:" + struct.pack("<q", len(v10)) + v10
                                + pk.save_config().encode()),
    "dart_logistic.sklearn.pkl": pickle.dumps(clf, protocol=4),
}
expected["pickles"] = {}
for fn, data in PICKLES.items():
    open(fn, "wb").write(data)
    if fn == "logistic.v090.pkl":  # 1.7.4 unpickles no 0.90 buffer: it loads that buffer as a model file instead
        b = xgb.Booster(model_file=bytearray(open("logistic.v090.bin", "rb").read()))
    else:
        b = pickle.loads(data)
        b = b if isinstance(b, xgb.Booster) else b.get_booster()
    d = xgb.DMatrix(rows)
    expected["pickles"][fn] = {"predict": b.predict(d).astype(float).ravel().tolist(),
                               "contribs": b.predict(d, pred_contribs=True).astype(float).ravel().tolist()}
with tarfile.open("sagemaker090-model.tar.gz", "w:gz") as tar:
    info = tarfile.TarInfo("xgboost-model")
    info.size = len(PICKLES["logistic.v090.pkl"])
    tar.addfile(info, io.BytesIO(PICKLES["logistic.v090.pkl"]))

with open("expected.json", "w") as f:
    json.dump(expected, f, allow_nan=False)
with open("rows.csv", "w") as f:
    for r in rows:
        f.write(",".join("" if np.isnan(v) else repr(float(v)) for v in r) + "\n")
