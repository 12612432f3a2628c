package com.anycompany.scoring.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Keeps stdout for command results. In Lambda whatever a handler prints (logs, Powertools' EMF metrics) goes to
 * CloudWatch; locally it must not mix with the JSON a command prints. {@link #install()} replaces
 * {@code System.out} with a stream that sends bytes written by a thread running handler code (see
 * {@link #asHandler}) to stderr and everything else to the real stdout.
 */
public final class HandlerStdout {
    private static final InheritableThreadLocal<Boolean> IN_HANDLER = new InheritableThreadLocal<>();
    private static volatile PrintStream realOut = System.out;
    private static volatile PrintStream handlerSink;
    private static volatile boolean installed;

    private HandlerStdout() {
    }

    public static synchronized void install() {
        if (installed) {
            return;
        }
        PrintStream out = System.out;
        PrintStream err = System.err;
        realOut = out;
        // handler threads: the handler sink (the demo's log file) if set, else stderr; other threads: unchanged
        System.setOut(new PrintStream(new Routing(() -> inHandler() ? handlerTarget(err) : out), true,
                StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Routing(() -> inHandler() ? handlerTarget(err) : err), true,
                StandardCharsets.UTF_8));
        installed = true;
    }

    private static boolean inHandler() {
        return Boolean.TRUE.equals(IN_HANDLER.get());
    }

    private static OutputStream handlerTarget(PrintStream fallback) {
        PrintStream sink = handlerSink;
        return sink != null ? sink : fallback;
    }

    /** An output stream that writes to whatever its selector picks at the moment of each write. */
    private static final class Routing extends OutputStream {
        private final Supplier<OutputStream> target;

        Routing(Supplier<OutputStream> target) {
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            target.get().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            target.get().write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            target.get().flush();
        }
    }

    /**
     * Sends what handlers print (their logs and EMF metrics) to {@code sink} instead of stderr, like a CloudWatch log
     * group; null restores stderr. The demo uses it to keep its terminal output readable.
     */
    public static void sendHandlerOutputTo(PrintStream sink) {
        handlerSink = sink;
    }

    /** Where handler output goes now (null: stderr), so a command can restore it after redirecting. */
    public static PrintStream handlerOutput() {
        return handlerSink;
    }

    /** The process's stdout as it was before {@link #install()}: where command results go. */
    public static PrintStream realOut() {
        return realOut;
    }

    /** Runs {@code body} with this thread's stdout going to stderr. */
    public static <T> T asHandler(Supplier<T> body) {
        Boolean previous = IN_HANDLER.get();
        IN_HANDLER.set(Boolean.TRUE);
        try {
            return body.get();
        } finally {
            if (previous == null) {
                IN_HANDLER.remove();
            } else {
                IN_HANDLER.set(previous);
            }
        }
    }
}
