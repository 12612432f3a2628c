package com.anycompany.scoring.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Engine lookup by name. "java" (the default) is built in; others, such as the xgboost4j reference engine, are found
 * with {@link ServiceLoader} when their module is on the class path (it is kept out of function packages).
 */
public final class Engines {
    public static final String DEFAULT = "java";

    private Engines() {
    }

    public static Engine named(String name) {
        if (name == null || name.isBlank() || name.equals(DEFAULT)) {
            return new JavaEngine();
        }
        List<String> known = new ArrayList<>(List.of(DEFAULT));
        for (Engine e : ServiceLoader.load(Engine.class)) {
            if (e.name().equals(name)) {
                return e;
            }
            known.add(e.name());
        }
        throw new IllegalArgumentException("unknown engine '" + name + "'; available here: " + String.join(", ", known));
    }
}
