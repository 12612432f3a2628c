package com.anycompany.scoring.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes the raw model out of a pickled XGBoost {@code Booster} (what SageMaker's 0.90 containers saved as
 * {@code xgboost-model}) <em>without executing the pickle</em>: a walker over pickle opcodes (protocols 2 to 5) that
 * builds inert values only. Globals are recorded as names and never imported or called; the only "calls" it gives a
 * meaning to are the byte constructors pickle itself emits for {@code bytearray} ({@code builtins.bytearray},
 * {@code _codecs.encode(str, "latin1")}). The result must be an {@code xgboost.core.Booster}, or an
 * {@code xgboost.sklearn} wrapper whose state holds one as {@code _Booster}; its state's {@code handle} entry is the
 * model buffer XGBoost's {@code Booster.__getstate__} stored: 0.8x/0.90 {@code save_raw()} (the binary format), 1.0 to
 * 1.2 {@code XGBoosterSerializeToBuffer} ("CONFIG-offset:", the binary model, its JSON config), 1.3 to 1.5 a JSON and
 * 1.6+ a UBJSON memory snapshot {@code {"Config":..,"Model":..}}. Anything else is refused, saying how to re-save.
 */
final class PickledBooster {
    private static final String CONFIG_HEADER = "CONFIG-offset:";
    private static final int MAX_MEMO = 1 << 20;
    private static final Object MARK = new Object();
    private static final Object NONE = new Object();

    /** A global reference ("module name"), never resolved. */
    record Global(String module, String name) {
        String dotted() {
            return module + "." + name;
        }
    }

    /** An object a pickle would create (NEWOBJ, or REDUCE of something that is not a byte constructor): inert. */
    static final class Instance {
        final Object callable;
        Object state;

        Instance(Object callable) {
            this.callable = callable;
        }
    }

    private final String source;
    private final ByteBuffer in;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Integer, Object> memo = new HashMap<>();

    private PickledBooster(String source, byte[] bytes) {
        this.source = source;
        this.in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** True when {@code b} starts like a binary pickle (PROTO 2..5). */
    static boolean looksLikePickle(byte[] b) {
        return b.length > 1 && (b[0] & 0xff) == 0x80 && b[1] >= 2 && b[1] <= 5;
    }

    /**
     * The model buffer of the pickled Booster, with a 1.0-1.2 "CONFIG-offset:" serialisation reduced to its binary
     * model. Throws {@link CorruptArtifactException} naming {@code source} and the remedy for anything else.
     */
    static byte[] model(String source, byte[] pickle) {
        Object root;
        try {
            root = new PickledBooster(source, pickle).run();
        } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException e) {
            throw refuse(source, "the pickle is truncated or malformed");
        }
        Instance booster = booster(source, root);
        if (!(booster.state instanceof Map<?, ?> state) || !(state.get("handle") instanceof byte[] handle)) {
            throw refuse(source, "the pickled Booster holds no model buffer (no bytes in its \"handle\" state)");
        }
        return configOffset(source, handle);
    }

    private static Instance booster(String source, Object root) {
        if (root instanceof Instance i && i.callable instanceof Global g) {
            if (g.module().equals("xgboost.core") && g.name().equals("Booster")) {
                return i;
            }
            if (g.module().equals("xgboost.sklearn") && i.state instanceof Map<?, ?> state
                    && state.get("_Booster") instanceof Instance inner && inner.callable instanceof Global ig
                    && ig.dotted().equals("xgboost.core.Booster")) {
                return inner;
            }
            throw refuse(source, "the pickle holds a " + g.dotted() + ", not an XGBoost Booster (or an xgboost.sklearn"
                    + " model holding one as _Booster)");
        }
        throw refuse(source, "the pickle holds no XGBoost Booster");
    }

    /** 1.0-1.2 serialisation: "CONFIG-offset:", int64 length of the binary model, the model, then its JSON config. */
    private static byte[] configOffset(String source, byte[] h) {
        byte[] header = CONFIG_HEADER.getBytes(StandardCharsets.US_ASCII);
        if (h.length < header.length || !java.util.Arrays.equals(h, 0, header.length, header, 0, header.length)) {
            return h;
        }
        int at = header.length + 8;
        if (h.length < at) {
            throw refuse(source, "the pickled Booster's model buffer is truncated");
        }
        long len = ByteBuffer.wrap(h, header.length, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (len <= 0 || len > h.length - at) {
            throw refuse(source, "the pickled Booster's model buffer is truncated (binary model of " + len + " bytes)");
        }
        return java.util.Arrays.copyOfRange(h, at, at + (int) len);
    }

    static CorruptArtifactException refuse(String source, String why) {
        return new CorruptArtifactException(source + ": the artifact is a Python pickle, read only when it is an XGBoost"
                + " Booster whose model can be taken out without running the pickle's code, and " + why + ". In"
                + " Python, with the XGBoost version that wrote it, load it and save the booster: booster ="
                + " pickle.load(f) (for an XGBClassifier: .get_booster()), then booster.save_model(\"model.json\"),"
                + " and publish model.json");
    }

    private Object run() {
        while (true) {
            int op = in.get() & 0xff;
            switch (op) {
                case 0x80 -> in.get(); // PROTO
                case 0x95 -> in.getLong(); // FRAME: a length hint only
                case '.' -> {
                    return pop(); // STOP
                }
                case 'c' -> push(new Global(line(), line())); // GLOBAL
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop();
                    Object module = pop();
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw refuse(source, "the pickle names a global with non-text parts");
                    }
                    push(new Global(m, n));
                }
                case 'X' -> push(text(u32())); // BINUNICODE
                case 0x8c -> push(text(in.get() & 0xff)); // SHORT_BINUNICODE
                case 0x8d -> push(text(u64())); // BINUNICODE8
                case 'B', 'T' -> push(bytes(u32())); // BINBYTES, BINSTRING (Python 2 str: bytes)
                case 'C', 'U' -> push(bytes(in.get() & 0xff)); // SHORT_BINBYTES, SHORT_BINSTRING
                case 0x8e, 0x96 -> push(bytes(u64())); // BINBYTES8, BYTEARRAY8
                case '(' -> {
                    marks.add(stack.size());
                    push(MARK);
                }
                case '}' -> push(new LinkedHashMap<>()); // EMPTY_DICT
                case ']', ')', 0x8f -> push(new ArrayList<>()); // EMPTY_LIST, EMPTY_TUPLE, EMPTY_SET
                case 't', 'l', 0x91 -> push(popMark()); // TUPLE, LIST, FROZENSET
                case 0x85 -> push(new ArrayList<>(List.of(pop()))); // TUPLE1
                case 0x86 -> tuple(2);
                case 0x87 -> tuple(3);
                case 'd' -> push(dict(popMark(), new LinkedHashMap<>())); // DICT
                case 's' -> { // SETITEM
                    Object v = pop();
                    Object k = pop();
                    asDict(peek()).put(k, v);
                }
                case 'u' -> { // SETITEMS
                    List<Object> items = popMark();
                    dict(items, asDict(peek()));
                }
                case 'a' -> asList(peek()).add(pop()); // APPEND (pop happens first: the value is on top)
                case 'e', 0x90 -> { // APPENDS, ADDITEMS
                    List<Object> items = popMark();
                    asList(peek()).addAll(items);
                }
                case 'N' -> push(NONE);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'J' -> push((long) in.getInt());
                case 'K' -> push((long) (in.get() & 0xff));
                case 'M' -> push((long) (in.getShort() & 0xffff));
                case 0x8a -> push(longBytes(in.get() & 0xff)); // LONG1
                case 0x8b -> push(longBytes(u32())); // LONG4
                case 'G' -> push(Double.longBitsToDouble(Long.reverseBytes(in.getLong()))); // BINFLOAT, big-endian
                case 0x94 -> memoPut(memo.size(), peek()); // MEMOIZE
                case 'q' -> memoPut(in.get() & 0xff, peek()); // BINPUT
                case 'r' -> memoPut(memoIndex(), peek()); // LONG_BINPUT
                case 'h' -> push(memoGet(in.get() & 0xff)); // BINGET
                case 'j' -> push(memoGet(memoIndex())); // LONG_BINGET
                case 0x81 -> { // NEWOBJ: cls.__new__(cls, *args), recorded, never run
                    pop();
                    push(new Instance(pop()));
                }
                case 0x92 -> { // NEWOBJ_EX
                    pop();
                    pop();
                    push(new Instance(pop()));
                }
                case 'R' -> { // REDUCE
                    Object args = pop();
                    push(reduce(pop(), args));
                }
                case 'b' -> { // BUILD
                    Object state = pop();
                    if (peek() instanceof Instance i) {
                        i.state = state;
                    }
                }
                case '0' -> pop(); // POP
                case '1' -> popMark(); // POP_MARK
                case '2' -> push(peek()); // DUP
                default -> throw refuse(source, String.format("it uses pickle opcode 0x%02x, which this reader does"
                        + " not take", op));
            }
        }
    }

    /** bytearray(...) and _codecs.encode(str, "latin1") give bytes; any other call is recorded, never made. */
    private Object reduce(Object callable, Object args) {
        if (callable instanceof Global g && args instanceof List<?> a) {
            String name = g.dotted();
            boolean bytearray = name.equals("builtins.bytearray") || name.equals("__builtin__.bytearray");
            if (bytearray && a.isEmpty()) {
                return new byte[0];
            }
            if (bytearray && a.size() == 1 && a.get(0) instanceof byte[] b) {
                return b;
            }
            if ((bytearray || name.equals("_codecs.encode")) && a.size() == 2 && a.get(0) instanceof String s
                    && (a.get(1).equals("latin1") || a.get(1).equals("latin-1"))) {
                return latin1(s);
            }
        }
        return new Instance(callable);
    }

    private byte[] latin1(String s) {
        byte[] out = new byte[s.length()];
        for (int i = 0; i < out.length; i++) {
            char c = s.charAt(i);
            if (c > 0xff) {
                throw refuse(source, "its bytes are encoded with characters outside latin-1");
            }
            out[i] = (byte) c;
        }
        return out;
    }

    private void tuple(int n) {
        List<Object> t = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
        for (int i = 0; i < n; i++) {
            pop();
        }
        push(t);
    }

    private Map<Object, Object> dict(List<Object> items, Map<Object, Object> into) {
        for (int i = 0; i + 1 < items.size(); i += 2) {
            into.put(items.get(i), items.get(i + 1));
        }
        return into;
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> asDict(Object o) {
        if (o instanceof Map<?, ?> m) {
            return (Map<Object, Object>) m;
        }
        throw refuse(source, "it sets items on something that is not a dict");
    }

    @SuppressWarnings("unchecked")
    private List<Object> asList(Object o) {
        if (o instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw refuse(source, "it appends to something that is not a list");
    }

    private List<Object> popMark() {
        if (marks.isEmpty()) {
            throw refuse(source, "the pickle is malformed (no MARK)");
        }
        int at = marks.remove(marks.size() - 1);
        List<Object> items = new ArrayList<>(stack.subList(at + 1, stack.size()));
        stack.subList(at, stack.size()).clear();
        return items;
    }

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() {
        if (stack.isEmpty() || stack.get(stack.size() - 1) == MARK) {
            throw refuse(source, "the pickle is malformed (empty stack)");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() {
        if (stack.isEmpty()) {
            throw refuse(source, "the pickle is malformed (empty stack)");
        }
        return stack.get(stack.size() - 1);
    }

    private void memoPut(int key, Object v) {
        if (key < 0 || memo.size() >= MAX_MEMO) {
            throw refuse(source, "the pickle's memo is out of bounds");
        }
        memo.put(key, v);
    }

    private Object memoGet(int key) {
        Object v = memo.get(key);
        if (v == null) {
            throw refuse(source, "the pickle refers to memo entry " + key + ", which was never stored");
        }
        return v;
    }

    /** A 4-byte memo index (not a length: it may exceed the bytes left). */
    private int memoIndex() {
        long n = Integer.toUnsignedLong(in.getInt());
        return n > Integer.MAX_VALUE ? -1 : (int) n;
    }

    private int u32() {
        long n = Integer.toUnsignedLong(in.getInt());
        return checkLength(n);
    }

    private int u64() {
        return checkLength(in.getLong());
    }

    private int checkLength(long n) {
        if (n < 0 || n > in.remaining()) {
            throw refuse(source, "the pickle is truncated (a " + n + "-byte value with " + in.remaining()
                    + " bytes left)");
        }
        return (int) n;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    private String text(int n) {
        return new String(bytes(n), StandardCharsets.UTF_8);
    }

    private Object longBytes(int n) {
        byte[] le = bytes(n);
        byte[] be = new byte[Math.max(1, n)];
        for (int i = 0; i < n; i++) {
            be[n - 1 - i] = le[i];
        }
        return n == 0 ? java.math.BigInteger.ZERO : new java.math.BigInteger(be);
    }

    private String line() {
        StringBuilder sb = new StringBuilder();
        while (true) {
            byte c = in.get();
            if (c == '\n') {
                return sb.toString();
            }
            if (sb.length() > 1000) {
                throw refuse(source, "the pickle names a global longer than 1000 characters");
            }
            sb.append((char) (c & 0xff));
        }
    }
}
