package com.anycompany.scoring.engine;

import com.anycompany.scoring.model.CategoryVocabulary;
import com.anycompany.scoring.model.DocNode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Reads the category vocabulary an XGBoost 3.1+ model carries in {@code learner.gradient_booster.model.cats} (for a
 * legacy dart booster, under its {@code gbtree}), as XGBoost's {@code src/data/cat_container.cc} writes it
 * ({@code CatContainer::Save}) and {@code doc/tutorials/saving_model.rst} ("Categories") describes:
 * <pre>
 * "cats": {"enc": [per feature: {"offsets": int32[n+1], "values": int8[UTF-8 bytes]}     string names
 *                             | {"type": 9..16, "values": [n integers]}                 integer names
 *                             | {"offsets": [], "values": []}],                          not categorical
 *          "feature_segments": int32[features+1] (running count of categories),
 *          "sorted_idx": int32[total] (an argsort XGBoost derives; not needed here)}
 * </pre>
 * The integer type ids are XGBoost's {@code CatIndexType} (i8 9, u8 10, i16 11, u16 12, i32 13, u32 14, i64 15, u64 16);
 * UBJSON has no unsigned arrays wider than 8 bits, so XGBoost stores u16/u32 bit-copied in the signed type of the same
 * width. Floating-point names (7, 8) are refused, as XGBoost refuses them. A model without {@code cats}, or with an
 * empty one (trained on codes, or written before 3.1), has no vocabulary: {@link #read} returns an empty list.
 */
public final class ModelCategories {
    private static final int MAX_CATEGORIES = (1 << 24) - 1;

    private ModelCategories() {
    }

    /**
     * One entry per feature (null for a feature without a vocabulary), or an empty list when the model has none.
     *
     * @throws com.anycompany.scoring.model.CorruptArtifactException when the section is malformed
     */
    public static List<CategoryVocabulary> read(DocNode root, int numFeatures) {
        Optional<DocNode> cats = section(root);
        if (cats.isEmpty() || !cats.get().has("enc") || cats.get().get("enc").size() == 0) {
            return List.of();
        }
        DocNode enc = cats.get().get("enc");
        if (enc.size() != numFeatures) {
            throw enc.fail("has " + enc.size() + " features but the model has " + numFeatures);
        }
        DocNode segNode = cats.get().get("feature_segments");
        int[] segments = segNode.asIntArray(0, MAX_CATEGORIES * 16);
        if (segments.length != numFeatures + 1 || segments[0] != 0) {
            throw segNode.fail("must start at 0 and have one entry per feature plus one (" + (numFeatures + 1) + ")");
        }
        boolean garbledUtf8 = writtenBefore34(root);
        List<CategoryVocabulary> out = new ArrayList<>(numFeatures);
        boolean any = false;
        for (int f = 0; f < numFeatures; f++) {
            DocNode column = enc.at(f);
            CategoryVocabulary v = column.has("offsets") ? names(column, garbledUtf8) : integers(column);
            int n = v == null ? 0 : v.categories().size();
            if (segments[f + 1] - segments[f] != n) {
                throw segNode.fail("gives feature " + f + " " + (segments[f + 1] - segments[f]) + " categories but "
                        + enc.at(f).path() + " holds " + n);
            }
            if (v != null && new HashSet<>(v.categories()).size() != n) {
                throw column.fail("repeats a category name");
            }
            any |= v != null;
            out.add(v);
        }
        return any ? Collections.unmodifiableList(out) : List.of();
    }

    private static Optional<DocNode> section(DocNode root) {
        DocNode booster = root.get("learner").get("gradient_booster");
        String name = booster.opt("name").map(DocNode::asString).orElse("");
        Optional<DocNode> model = switch (name) {
            case "gbtree" -> booster.opt("model");
            case "dart" -> booster.opt("gbtree").flatMap(g -> g.opt("model"));
            default -> Optional.empty(); // gblinear stores no categories
        };
        return model.flatMap(m -> m.opt("cats"));
    }

    /** String names: offsets (n+1, rising from 0 to the byte count) cut the UTF-8 bytes of {@code values}. */
    private static CategoryVocabulary names(DocNode column, boolean garbledUtf8) {
        DocNode offNode = column.get("offsets");
        int[] offsets = offNode.asIntArray(0, Integer.MAX_VALUE);
        if (offsets.length <= 1) {
            return null; // a numeric feature: XGBoost writes empty offsets
        }
        DocNode valNode = column.get("values");
        int[] values = valNode.asIntArray(-128, 255);
        if (offsets.length - 1 > MAX_CATEGORIES) {
            throw offNode.fail("lists " + (offsets.length - 1) + " categories; at most " + MAX_CATEGORIES);
        }
        boolean rising = offsets[0] == 0 && offsets[offsets.length - 1] == values.length;
        for (int i = 1; i < offsets.length && rising; i++) {
            rising = offsets[i] >= offsets[i - 1];
        }
        if (!rising) {
            throw offNode.fail("must rise from 0 to the length of values (" + values.length + ")");
        }
        byte[] bytes = new byte[values.length];
        boolean ascii = true;
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
            ascii &= bytes[i] >= 0;
        }
        if (!ascii && garbledUtf8) {
            throw new UnsupportedModelException(column.source() + ": " + column.path() + " holds non-ASCII category"
                    + " names written by XGBoost 3.1 to 3.3, which cut UTF-8 bytes at character counts (fixed in 3.4,"
                    + " dmlc/xgboost#12371), so the names cannot be recovered; retrain with XGBoost 3.4+, or delete"
                    + " the model's cats section and give the vocabulary as the card feature's categories");
        }
        List<String> names = new ArrayList<>(offsets.length - 1);
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        for (int k = 0; k + 1 < offsets.length; k++) {
            try {
                names.add(decoder.decode(ByteBuffer.wrap(bytes, offsets[k], offsets[k + 1] - offsets[k])).toString());
            } catch (CharacterCodingException e) {
                throw valNode.fail("category " + k + " is not valid UTF-8");
            }
        }
        return new CategoryVocabulary(names, false);
    }

    /** Integer names: XGBoost's CatIndexType id and the values; unsigned ones may arrive bit-copied as signed. */
    private static CategoryVocabulary integers(DocNode column) {
        DocNode typeNode = column.get("type");
        int type = typeNode.asInt(Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (type == 7 || type == 8) {
            throw new UnsupportedModelException(column.source() + ": " + column.path() + " has floating-point category"
                    + " names, which XGBoost does not support either; re-encode them as strings or integers");
        }
        if (type < 9 || type > 16) {
            throw typeNode.fail("is " + type + "; XGBoost's integer category types are 9 to 16");
        }
        DocNode values = column.get("values");
        int n = values.size();
        if (n > MAX_CATEGORIES) {
            throw values.fail("lists " + n + " categories; at most " + MAX_CATEGORIES);
        }
        boolean unsigned = type % 2 == 0;
        int bits = 8 << ((type - 9) / 2);
        List<String> names = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            long v = values.at(k).asLong();
            if (unsigned && v < 0 && bits < 64) {
                v += 1L << bits; // UBJSON: bit-copied into the signed type of the same width
            }
            boolean fits = unsigned ? v >= 0 && (bits == 64 || v < 1L << bits)
                    : bits == 64 || v >= -(1L << (bits - 1)) && v < 1L << (bits - 1);
            if (!fits) {
                throw values.fail("element " + k + " is " + v + ", outside its " + (unsigned ? "u" : "i") + bits
                        + " type");
            }
            names.add(Long.toString(v));
        }
        return n == 0 ? null : new CategoryVocabulary(names, true);
    }

    /** XGBoost 3.1 to 3.3 (the only versions before 3.4 that write cats); false when the version is not stated. */
    private static boolean writtenBefore34(DocNode root) {
        Optional<DocNode> version = root.opt("version");
        if (version.isEmpty() || !version.get().isArray() || version.get().size() < 2) {
            return false;
        }
        long major = version.get().at(0).asLong();
        long minor = version.get().at(1).asLong();
        return major == 3 && minor < 4;
    }
}
