package com.anycompany.scoring.integration;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model server's runnable jar holds the core and its JSON library only: no xgboost4j (native code, test scope),
 * no Lambda runtime or Powertools libraries and no AWS SDK; its manifest runs the server.
 */
class ModelServerPackagingTest {
    @Test
    void theJarCarriesTheCoreWithoutXgboost4jLambdaOrTheSdk() throws Exception {
        try (JarFile jar = new JarFile(Path.of("../serving/model-server/target/model-server.jar").toFile())) {
            assertEquals("com.anycompany.scoring.serving.ModelServerMain",
                    jar.getManifest().getMainAttributes().getValue("Main-Class"));
            List<String> forbidden = new ArrayList<>();
            jar.stream().map(e -> e.getName()).filter(n -> n.startsWith("ml/dmlc/")
                    || n.startsWith("com/amazonaws/services/lambda/") || n.startsWith("software/amazon/lambda/")
                    || n.startsWith("software/amazon/awssdk/") || n.startsWith("lib/linux"))
                    .limit(5).forEach(forbidden::add);
            assertTrue(forbidden.isEmpty(), "the server jar holds " + forbidden);
            assertTrue(jar.getEntry("com/anycompany/scoring/engine/JavaEngine.class") != null, "the core");
            assertTrue(jar.getEntry("com/anycompany/scoring/serving/ModelServer.class") != null, "the server");
        }
    }
}
