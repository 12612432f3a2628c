package com.anycompany.scoring.cli;

import com.anycompany.scoring.serving.image.OciImageBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "build-image", mixinStandardHelpOptions = true,
        description = {"Builds the model server's container image without Docker: an OCI image layout (index.json, "
                + "blobs) holding a jlink JRE, the native libraries it links against and model-server.jar; "
                + "entrypoint java -jar /opt/app/model-server.jar serve, port 8080. Push it with skopeo or crane "
                + "(docs/serving-protocols.md).",
                "Try: ./scoring build-image && skopeo copy --format v2s2 oci:serving/model-server/target/image:latest "
                        + "docker://ACCOUNT.dkr.ecr.REGION.amazonaws.com/scoring-model-server:latest"})
public final class BuildImageCommand implements Callable<Integer> {
    @Option(names = "--jar", paramLabel = "FILE", description = "the server jar (default: "
            + "serving/model-server/target/model-server.jar, built with the CLI)")
    Path jar;

    @Option(names = "--output", paramLabel = "DIR", description = "the OCI layout to write, replaced (default: "
            + "serving/model-server/target/image)")
    Path output;

    @Option(names = "--tag", defaultValue = "latest", description = "the tag in index.json (default ${DEFAULT-VALUE})")
    String tag;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path project = RuntimeOptions.projectDir();
        Path j = jar != null ? jar : project.resolve("serving/model-server/target/model-server.jar");
        Path out = output != null ? output : project.resolve("serving/model-server/target/image");
        long t0 = System.nanoTime();
        OciImageBuilder.Result r = OciImageBuilder.build(j, Path.of(System.getProperty("java.home")), out, tag);
        spec.commandLine().getOut().printf("image %s:%s  manifest %s  layers %.1f MB compressed  (%.0f s)%n",
                r.layout(), tag, r.manifestDigest(), r.layerBytes() / 1e6, (System.nanoTime() - t0) / 1e9);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
