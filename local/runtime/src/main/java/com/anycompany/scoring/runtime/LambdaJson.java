package com.anycompany.scoring.runtime;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * JSON the way the Lambda Java runtime does it: the events library classes ({@code SQSEvent}, {@code S3Event}, …)
 * through {@code aws-lambda-java-serialization}'s event serializers (which know the events' odd casing, the same code
 * {@code aws-lambda-java-tests}' {@code EventLoader} uses); everything else through the runtime's Jackson POJO
 * serializer. Strings, numbers and maps behave as in Lambda.
 */
public final class LambdaJson {
    private LambdaJson() {
    }

    @SuppressWarnings("unchecked")
    public static <T> PojoSerializer<T> serializerFor(Class<T> type) {
        ClassLoader loader = type.getClassLoader() != null ? type.getClassLoader() : LambdaJson.class.getClassLoader();
        if (LambdaEventSerializers.isLambdaSupportedEvent(type.getName())) {
            return LambdaEventSerializers.serializerFor(type, loader);
        }
        return JacksonFactory.getInstance().getSerializer(type);
    }

    @SuppressWarnings("unchecked")
    public static PojoSerializer<Object> serializerFor(Type type) {
        if (type instanceof Class<?> c) {
            return (PojoSerializer<Object>) serializerFor(c);
        }
        return JacksonFactory.getInstance().getSerializer(type);
    }

    public static Object fromJson(String json, Type type) {
        return serializerFor(type).fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    public static Object fromJson(InputStream json, Type type) {
        return serializerFor(type).fromJson(json);
    }

    /** The response as the Lambda runtime would return it ({@code null} → {@code "null"}). */
    @SuppressWarnings("unchecked")
    public static String toJson(Object value) {
        if (value == null) {
            return "null";
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializerFor((Class<Object>) value.getClass()).toJson(value, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
