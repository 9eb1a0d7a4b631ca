package io.numfuse.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tests' JSON reader: Jackson, strict (one value, nothing after it), every number as a Double. */
final class TestJson {
    private TestJson() {}

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** The value of {@code text}; throws IllegalArgumentException on anything that is not one JSON value. */
    static Object parse(String text) {
        try {
            return doubles(MAPPER.readValue(text, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Object doubles(Object v) {
        return switch (v) {
            case Number x -> x.doubleValue();
            case Map<?, ?> m -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                m.forEach((k, x) -> out.put(k, doubles(x)));
                yield out;
            }
            case List<?> l -> l.stream().map(TestJson::doubles).toList();
            case null -> null;
            default -> v;
        };
    }
}
