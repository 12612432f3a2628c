#!/usr/bin/python3
"""Has XGBoost 3.4 itself write a model with a `cats` vocabulary, the way Python XGBoost does for a DataFrame.

xgboost4j 3.4 has no Java API for categories, but its native library (lib/linux/x86_64/libxgboost4j.so inside the
xgboost4j_2.12-3.4.0 jar, the test-scope dependency) exports XGBoost's whole C API. This script drives that C API with
ctypes exactly as python-package/xgboost/data.py (_transform_pandas_df, PandasTransformed) and core.py
(inplace_predict) do for a pandas DataFrame: XGDMatrixCreateFromColumnar with arrow-style dictionary columns (string
names as offsets + UTF-8 bytes, integer names as an array, codes with NaN for missing), training, save_model to JSON
and UBJSON, then XGBoosterPredictFromColumnar on a second frame whose dictionaries are in another order (XGBoost
re-codes it through the model's `cats`), and on frames holding a category not in the training set.

Run from this folder:  python3 make_cats_fixture.py [path/to/xgboost4j_2.12-3.4.0.jar]
Needs only the Python standard library. Writes cats.json, cats.ubj and expected.json.
"""
import ctypes, json, math, os, platform, random, struct, sys, tempfile, zipfile

JAR = sys.argv[1] if len(sys.argv) > 1 else os.path.expanduser(
    "~/.m2/repository/ml/dmlc/xgboost4j_2.12/3.4.0/xgboost4j_2.12-3.4.0.jar")
tmp = tempfile.mkdtemp()
with zipfile.ZipFile(JAR) as z:
    so = z.extract("lib/linux/%s/libxgboost4j.so" % ("aarch64" if platform.machine() == "aarch64" else "x86_64"), tmp)
LIB = ctypes.CDLL(so)
LIB.XGBGetLastError.restype = ctypes.c_char_p


def check(rc):
    if rc != 0:
        raise RuntimeError(LIB.XGBGetLastError().decode())


major, minor, patch = ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
LIB.XGBoostVersion(ctypes.byref(major), ctypes.byref(minor), ctypes.byref(patch))
VERSION = [major.value, minor.value, patch.value]
assert VERSION[:2] == [3, 4], VERSION

# Category vocabularies in training order (the DataFrame's categories, so code k is DEPTS[k]). Not sorted, so
# sorted_idx is not the identity; one non-ASCII name (UTF-8, handled by XGBoost from 3.4).
DEPTS = ["Sales", "R&D", "HR", "Zürich office", "Legal", "Ops"]
LEVELS = [30, -1, 10, 20, 40]          # integer category names (int64), also unsorted
FEATURES = ["dept", "tenure", "level"]

keep = []  # buffers must outlive the C calls


def buf(fmt, values):
    b = ctypes.create_string_buffer(struct.pack("<%d%s" % (len(values), fmt), *values), max(1, 8 * len(values)))
    keep.append(b)
    return ctypes.addressof(b)


def aif(fmt, typestr, values):
    return {"data": [buf(fmt, values), True], "typestr": typestr, "shape": [len(values)], "strides": None,
            "version": 3, "mask": None}


def str_names(names):
    data = b"".join(n.encode("utf-8") for n in names)
    offsets = [0]
    for n in names:
        offsets.append(offsets[-1] + len(n.encode("utf-8")))
    return {"offsets": aif("i", "<i4", offsets), "values": aif("b", "|i1", list(struct.unpack("%db" % len(data), data)))}


def frame(rows, dept_names, level_names):
    """Columns as PandasTransformed.array_interface() builds them; codes index the given names, NaN for missing."""
    dcodes = [math.nan if r[0] is None else float(dept_names.index(r[0])) for r in rows]
    lcodes = [math.nan if r[2] is None else float(level_names.index(r[2])) for r in rows]
    return json.dumps([
        [str_names(dept_names), aif("d", "<f8", dcodes)],
        aif("f", "<f4", [r[1] for r in rows]),
        [aif("q", "<i8", level_names), aif("d", "<f8", lcodes)],
    ]).encode()


rng = random.Random(34)
train_rows = []
labels = []
for i in range(600):
    d = rng.randrange(len(DEPTS))
    lv = rng.randrange(len(LEVELS))
    t = round(rng.uniform(0, 20), 2)
    dept = None if rng.random() < 0.05 else DEPTS[d]
    level = None if rng.random() < 0.05 else LEVELS[lv]
    y = [0.4, -0.8, 1.3, 0.9, -0.2, 0.1][d] + 0.05 * t + [0.5, -0.6, 0.0, 0.3, 1.1][lv] + rng.gauss(0, 0.2)
    train_rows.append((dept, t, level))
    labels.append(1.0 if y > 0.6 else 0.0)

dtrain = ctypes.c_void_p()
check(LIB.XGDMatrixCreateFromColumnar(frame(train_rows, DEPTS, LEVELS), b'{"missing": NaN, "nthread": 1}',
                                      ctypes.byref(dtrain)))
check(LIB.XGDMatrixSetInfoFromInterface(dtrain, b"label", json.dumps(aif("f", "<f4", labels)).encode()))
for field, values in (("feature_name", FEATURES), ("feature_type", ["c", "q", "c"])):
    arr = (ctypes.c_char_p * 3)(*[v.encode() for v in values])
    check(LIB.XGDMatrixSetStrFeatureInfo(dtrain, field.encode(), arr, ctypes.c_uint64(3)))

booster = ctypes.c_void_p()
check(LIB.XGBoosterCreate((ctypes.c_void_p * 1)(dtrain), ctypes.c_uint64(1), ctypes.byref(booster)))
for k, v in {"objective": "binary:logistic", "tree_method": "hist", "max_depth": "4", "eta": "0.3", "seed": "1",
             "nthread": "1", "max_cat_to_onehot": "1", "min_child_weight": "0.5"}.items():
    check(LIB.XGBoosterSetParam(booster, k.encode(), v.encode()))
for field, values in (("feature_name", FEATURES), ("feature_type", ["c", "q", "c"])):  # as Booster.__init__
    arr = (ctypes.c_char_p * 3)(*[v.encode() for v in values])
    check(LIB.XGBoosterSetStrFeatureInfo(booster, field.encode(), arr, ctypes.c_uint64(3)))
for it in range(12):
    check(LIB.XGBoosterUpdateOneIter(booster, it, dtrain))
check(LIB.XGBoosterSaveModel(booster, b"cats.json"))
check(LIB.XGBoosterSaveModel(booster, b"cats.ubj"))

CONFIG = b'{"type": 0, "training": false, "iteration_begin": 0, "iteration_end": 0, "missing": NaN, ' \
         b'"strict_shape": false, "cache_id": 0}'


def predict(rows, dept_names, level_names):
    shape = ctypes.POINTER(ctypes.c_uint64)()
    dims = ctypes.c_uint64()
    out = ctypes.POINTER(ctypes.c_float)()
    rc = LIB.XGBoosterPredictFromColumnar(booster, frame(rows, dept_names, level_names), CONFIG, None,
                                          ctypes.byref(shape), ctypes.byref(dims), ctypes.byref(out))
    if rc != 0:
        return {"error": LIB.XGBGetLastError().decode().splitlines()[0].split(": ", 1)[1]}  # no time, stack
    return {"predictions": [float(out[i]) for i in range(len(rows))]}


# Every known category with and without missing companions, scored from a frame whose dictionaries are in another
# order and miss some names: XGBoost re-codes through the model's cats, so the result must not depend on that order.
rows = []
for i, d in enumerate(DEPTS + [None]):
    for j, lv in enumerate(LEVELS + [None]):
        rows.append((d, round(0.7 * i + 1.3 * j, 2), lv))
test_depts = list(reversed(DEPTS))
test_levels = sorted(LEVELS)
recoded = predict(rows, test_depts, test_levels)
as_codes = predict(rows, DEPTS, LEVELS)
assert "predictions" in recoded and recoded == as_codes, (recoded, as_codes)

unknown_dept = predict([("Marketing", 1.0, 10)], DEPTS + ["Marketing"], LEVELS)
unknown_level = predict([("HR", 1.0, 50)], DEPTS, LEVELS + [50])
assert "error" in unknown_dept and "error" in unknown_level, (unknown_dept, unknown_level)

with open("expected.json", "w") as f:
    json.dump({"xgboost_version": VERSION, "features": FEATURES, "dept": DEPTS, "level": LEVELS,
               "rows": [{"dept": r[0], "tenure": r[1], "level": r[2]} for r in rows],
               "predictions": recoded["predictions"],
               "unknown_dept_error": unknown_dept["error"], "unknown_level_error": unknown_level["error"]},
              f, indent=1, ensure_ascii=False)
    f.write("\n")
print("wrote cats.json, cats.ubj, expected.json with XGBoost", ".".join(map(str, VERSION)))
