package com.anycompany.scoring.runtime;

import com.anycompany.scoring.records.Json;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.anycompany.scoring.config.FunctionEnvironment;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One function of the template, run in this JVM like a warm Lambda container: the handler class named in
 * {@code Handler} ({@code pkg.Class::method} or {@code pkg.Class}) is created once, through its no-arg constructor,
 * inside {@link FunctionEnvironment#with} with the function's environment (template variables, the local endpoints,
 * the Lambda reserved variables); every invocation also runs inside that environment. Supports
 * {@link RequestHandler}, {@link RequestStreamHandler} and plain methods {@code (I)}, {@code (I, Context)},
 * {@code (InputStream, OutputStream[, Context])}. As in Lambda, an execution environment (a handler instance) runs
 * one invocation at a time: a concurrent invocation finding every environment busy gets a new one (a cold start of its
 * own), so a handler instance is never called from two threads at once.
 */
public final class LocalLambda {
    private final SamTemplate.Function function;
    private final Map<String, String> environment;
    private final String className;
    private final String methodName;
    private Object handler;
    /** Handler instances not running an invocation (each is one execution environment). */
    private final java.util.concurrent.ConcurrentLinkedDeque<Object> idle = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private final java.util.concurrent.atomic.AtomicInteger environments = new java.util.concurrent.atomic.AtomicInteger();
    private Class<?> handlerType;
    private Invoker invoker;
    private final AtomicLong initNanos = new AtomicLong(-1);

    /** @param localEnvironment {@code LocalAws.environment()} (endpoints, region, credentials) */
    public LocalLambda(SamTemplate.Function function, Map<String, String> localEnvironment) {
        this.function = function;
        String h = function.handler();
        int sep = h.indexOf("::");
        this.className = sep < 0 ? h : h.substring(0, sep);
        this.methodName = sep < 0 ? null : h.substring(sep + 2);
        Map<String, String> env = new LinkedHashMap<>(function.environment());
        env.putAll(localEnvironment);
        String stream = "local/[$LATEST]" + UUID.randomUUID().toString().replace("-", "");
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.functionName());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(function.memorySize()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.functionName());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", stream);
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + Optional.ofNullable(function.runtime()).orElse("java17"));
        env.put("_HANDLER", h);
        env.put("LAMBDA_TASK_ROOT", System.getProperty("user.dir"));
        env.put("TZ", ":UTC");
        this.environment = Map.copyOf(env);
    }

    public SamTemplate.Function function() {
        return function;
    }

    /** The environment the handler sees (through {@link FunctionEnvironment}). */
    public Map<String, String> environment() {
        return environment;
    }

    /** The handler instance, created on first use (the cold start). */
    public synchronized Object handler() {
        if (handler == null) {
            init();
        }
        return handler;
    }

    /** Creates execution environments until there are {@code n} (their cold starts happen now, not in a request). */
    public synchronized void prewarm(int n) {
        if (handler() instanceof Class<?>) {
            return;
        }
        while (environments.get() < n) {
            idle.push(construct(handlerType));
        }
    }

    /** Execution environments (handler instances) created so far. */
    public int environments() {
        return environments.get();
    }

    /** Nanoseconds the constructor took, or -1 before the first invocation. */
    public long initDurationNanos() {
        return initNanos.get();
    }

    /** The type the handler takes (e.g. {@code SQSEvent}); {@code InputStream} for stream handlers. */
    public Type inputType() {
        handler();
        return invoker.inputType();
    }

    public boolean isStreamHandler() {
        handler();
        return invoker.stream();
    }

    /** Deserializes event JSON into the handler's input type, like the Lambda runtime. */
    public Object parseEvent(String json) {
        Type type = inputType();
        if (isStreamHandler()) {
            return json;
        }
        return LambdaJson.fromJson(json, type);
    }

    /** Invokes with a typed input (for stream handlers: a String, byte[] or an object to serialize). */
    public Invocation invoke(Object input) {
        return invoke(input, new LocalContext(function));
    }

    public Invocation invoke(Object input, Context context) {
        Object target = checkOut();
        try {
            return invokeOn(target, input, context);
        } finally {
            if (!(target instanceof Class<?>)) {
                idle.push(target);
            }
        }
    }

    /** An idle environment, or a new one when every environment is busy (static handlers need none). */
    private Object checkOut() {
        Object first = handler();
        if (first instanceof Class<?>) {
            return first;
        }
        Object target = idle.poll();
        return target != null ? target : construct(handlerType);
    }

    private Invocation invokeOn(Object target, Object input, Context context) {
        long start = System.nanoTime();
        Object output = null;
        Throwable error = null;
        try {
            output = HandlerStdout.asHandler(() -> FunctionEnvironment.with(environment, () -> {
                try {
                    return invoker.invoke(target, input, context);
                } catch (Throwable t) {
                    throw new Failure(t);
                }
            }));
        } catch (Failure f) {
            error = f.getCause();
        }
        long nanos = System.nanoTime() - start;
        boolean timedOut = nanos > function.timeoutSeconds() * 1_000_000_000L;
        return new Invocation(context.getAwsRequestId(), output, error, nanos, timedOut);
    }

    /**
     * Event JSON in, response JSON out: what {@code sam local invoke} does. A handler error becomes a
     * {@link HandlerFailedException} carrying the Lambda error document.
     */
    public String invokeJson(String eventJson) {
        Object input = isStreamHandler() ? eventJson : parseEvent(eventJson);
        Invocation result = invoke(input);
        if (result.error() != null) {
            throw new HandlerFailedException(function.logicalId(), result.error());
        }
        return result.outputJson();
    }

    private void init() {
        Class<?> type;
        try {
            type = Class.forName(className, true, Thread.currentThread().getContextClassLoader() != null
                    ? Thread.currentThread().getContextClassLoader() : LocalLambda.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(function.logicalId() + ": handler class " + className
                    + " is not on the classpath (Handler: " + function.handler() + ")", e);
        }
        Invoker inv = Invoker.of(type, methodName, function.handler());
        long start = System.nanoTime();
        Object instance;
        instance = Modifier.isStatic(inv.method().getModifiers()) ? null : construct(type);
        initNanos.set(System.nanoTime() - start);
        this.invoker = inv;
        this.handlerType = type;
        this.handler = instance == null ? type : instance;
        if (instance != null) {
            idle.push(instance);
        }
    }

    /** A new execution environment: the handler's constructor, inside the function's environment. */
    private Object construct(Class<?> type) {
        Object instance = HandlerStdout.asHandler(() -> FunctionEnvironment.with(environment, () -> {
            try {
                var ctor = type.getDeclaredConstructor();
                ctor.setAccessible(true);
                return ctor.newInstance();
            } catch (InvocationTargetException e) {
                throw new IllegalStateException(function.logicalId() + ": " + className
                        + " constructor failed: " + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(function.logicalId() + ": cannot create " + className
                        + " through a public no-arg constructor: " + e, e);
            }
        }));
        environments.incrementAndGet();
        return instance;
    }

    /** The result of one invocation. */
    public record Invocation(String requestId, Object output, Throwable error, long durationNanos, boolean timedOut) {
        public boolean failed() {
            return error != null || timedOut;
        }

        /** The output as the runtime would serialize it; stream handler output is returned as written. */
        public String outputJson() {
            if (output instanceof StreamOutput s) {
                return s.text();
            }
            return LambdaJson.toJson(output);
        }
    }

    /** What a stream handler wrote. */
    public record StreamOutput(String text) {
    }

    /** The handler threw; {@link #errorJson()} is the document Lambda returns for it. */
    public static final class HandlerFailedException extends RuntimeException {
        public HandlerFailedException(String functionId, Throwable cause) {
            super(functionId + " failed: " + cause, cause);
        }

        public String errorJson() {
            Throwable t = getCause();
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("errorMessage", t.getMessage());
            doc.put("errorType", t.getClass().getName());
            doc.put("stackTrace", Arrays.stream(t.getStackTrace()).limit(30).map(StackTraceElement::toString).toList());
            try {
                return Json.MAPPER.writeValueAsString(doc);
            } catch (Exception e) {
                return "{\"errorMessage\":\"" + t + "\"}";
            }
        }
    }

    private static final class Failure extends RuntimeException {
        Failure(Throwable cause) {
            super(cause);
        }
    }

    // ---- how to call the handler ------------------------------------------------------------------------------

    private record Invoker(Method method, Type inputType, boolean stream, boolean withContext) {
        static Invoker of(Class<?> type, String methodName, String handlerSpec) {
            if (RequestStreamHandler.class.isAssignableFrom(type)
                    && (methodName == null || methodName.equals("handleRequest"))) {
                try {
                    return new Invoker(type.getMethod("handleRequest", InputStream.class, OutputStream.class, Context.class),
                            InputStream.class, true, true);
                } catch (NoSuchMethodException e) {
                    throw new IllegalStateException(e);
                }
            }
            if (RequestHandler.class.isAssignableFrom(type)
                    && (methodName == null || methodName.equals("handleRequest"))) {
                Type input = requestHandlerInput(type);
                Method m = Arrays.stream(type.getMethods())
                        .filter(x -> x.getName().equals("handleRequest") && x.getParameterCount() == 2 && !x.isBridge()
                                && x.getParameterTypes()[1] == Context.class)
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("no handleRequest(I, Context) on " + type.getName()));
                m.setAccessible(true);
                return new Invoker(m, input, false, true);
            }
            if (methodName == null) {
                throw new IllegalStateException(handlerSpec + ": " + type.getName()
                        + " implements neither RequestHandler nor RequestStreamHandler; name the method (Class::method)");
            }
            for (Method m : type.getMethods()) {
                if (!m.getName().equals(methodName) || m.isBridge()) {
                    continue;
                }
                Class<?>[] p = m.getParameterTypes();
                if (p.length >= 2 && p[0] == InputStream.class && p[1] == OutputStream.class
                        && (p.length == 2 || p.length == 3 && p[2] == Context.class)) {
                    return new Invoker(m, InputStream.class, true, p.length == 3);
                }
                if (p.length == 1 || p.length == 2 && p[1] == Context.class) {
                    return new Invoker(m, m.getGenericParameterTypes()[0], false, p.length == 2);
                }
                if (p.length == 0) {
                    return new Invoker(m, Object.class, false, false);
                }
            }
            throw new IllegalStateException(handlerSpec + ": no public method " + methodName + " on " + type.getName()
                    + " taking (input[, Context]) or (InputStream, OutputStream[, Context])");
        }

        Object invoke(Object target, Object input, Context context) throws Throwable {
            Object receiver = target instanceof Class<?> ? null : target;
            try {
                if (stream) {
                    InputStream in = new ByteArrayInputStream(toBytes(input));
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    if (withContext) {
                        method.invoke(receiver, in, out, context);
                    } else {
                        method.invoke(receiver, in, out);
                    }
                    return new StreamOutput(out.toString(StandardCharsets.UTF_8));
                }
                if (method.getParameterCount() == 0) {
                    return method.invoke(receiver);
                }
                return withContext ? method.invoke(receiver, input, context) : method.invoke(receiver, input);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        private static byte[] toBytes(Object input) {
            if (input == null) {
                return "null".getBytes(StandardCharsets.UTF_8);
            }
            if (input instanceof byte[] b) {
                return b;
            }
            if (input instanceof String s) {
                return s.getBytes(StandardCharsets.UTF_8);
            }
            return LambdaJson.toJson(input).getBytes(StandardCharsets.UTF_8);
        }

        /** The I of {@code RequestHandler<I, O>}, following superclasses and generic interfaces. */
        static Type requestHandlerInput(Class<?> type) {
            Type found = findTypeArgument(type, new LinkedHashMap<>());
            return found == null ? Object.class : found;
        }

        private static Type findTypeArgument(Type type, Map<TypeVariable<?>, Type> bindings) {
            Class<?> raw;
            if (type instanceof ParameterizedType pt) {
                raw = (Class<?>) pt.getRawType();
                TypeVariable<?>[] vars = raw.getTypeParameters();
                Type[] args = pt.getActualTypeArguments();
                Map<TypeVariable<?>, Type> next = new LinkedHashMap<>(bindings);
                for (int i = 0; i < vars.length; i++) {
                    next.put(vars[i], args[i] instanceof TypeVariable<?> tv && bindings.containsKey(tv)
                            ? bindings.get(tv) : args[i]);
                }
                bindings = next;
                if (raw == RequestHandler.class) {
                    Type input = bindings.get(vars[0]);
                    return input instanceof TypeVariable<?> ? Object.class : input;
                }
            } else if (type instanceof Class<?> c) {
                raw = c;
            } else {
                return null;
            }
            for (Type itf : raw.getGenericInterfaces()) {
                Type t = findTypeArgument(itf, bindings);
                if (t != null) {
                    return t;
                }
            }
            return raw.getGenericSuperclass() == null ? null : findTypeArgument(raw.getGenericSuperclass(), bindings);
        }
    }
}
