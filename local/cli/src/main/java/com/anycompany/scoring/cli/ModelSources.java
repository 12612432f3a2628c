package com.anycompany.scoring.cli;

import com.anycompany.scoring.engine.Engine;
import com.anycompany.scoring.model.LoadedModel;
import com.anycompany.scoring.model.ModelLoader;
import com.anycompany.scoring.model.ModelRef;
import com.anycompany.scoring.model.S3ModelStore;
import com.anycompany.scoring.serving.ModelFiles;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves a {@code --model} argument to a loaded model: a local artifact file, an {@code s3://bucket/key} artifact,
 * or an {@code s3://bucket/models/<name>/<version>/} prefix (card and artifact read through the model store).
 * The card comes from {@code --card}, else the {@code card.json} beside the artifact, else it is derived from the
 * artifact's own feature names. A card's SHA-256 is always checked against the artifact.
 */
final class ModelSources {
    private static final Pattern S3_URI = Pattern.compile("s3://([^/]+)/(.*)");
    private static final Pattern VERSION_PREFIX = Pattern.compile("models/([^/]+)/(?:clients/([^/]+)/)?([^/]+)/?");

    private ModelSources() {
    }

    static LoadedModel load(String model, Path cardFile, Engine engine, Supplier<S3Client> s3) throws IOException {
        Matcher m = S3_URI.matcher(model);
        if (m.matches()) {
            String bucket = m.group(1);
            String key = m.group(2);
            S3ModelStore store = new S3ModelStore(s3.get(), bucket);
            Matcher v = VERSION_PREFIX.matcher(key);
            if (cardFile == null && v.matches()) {
                return new ModelLoader(store, engine).load(new ModelRef(v.group(1), v.group(3), v.group(2)));
            }
            byte[] bytes = store.get(key).orElseThrow(() -> new IllegalArgumentException(
                    "--model " + model + ": no such object"));
            String dir = key.contains("/") ? key.substring(0, key.lastIndexOf('/') + 1) : "";
            Optional<byte[]> card = cardFile != null ? Optional.of(Files.readAllBytes(cardFile))
                    : store.get(dir + "card.json");
            String cardSource = cardFile != null ? cardFile.toString() : "s3://" + bucket + "/" + dir + "card.json";
            return bind(model, key, bytes, card, cardSource, engine);
        }
        Path file = Path.of(model);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--model " + model + ": no such file");
        }
        Path sibling = file.toAbsolutePath().getParent().resolve("card.json");
        Path cardPath = cardFile != null ? cardFile : Files.exists(sibling) ? sibling : null;
        Optional<byte[]> card = cardPath == null ? Optional.empty() : Optional.of(Files.readAllBytes(cardPath));
        return bind(model, file.getFileName().toString(), bytes, card, String.valueOf(cardPath), engine);
    }

    private static LoadedModel bind(String source, String name, byte[] bytes, Optional<byte[]> cardBytes,
                                    String cardSource, Engine engine) {
        String file = name.contains("/") ? name.substring(name.lastIndexOf('/') + 1) : name;
        return ModelFiles.bind(source, file, bytes, cardBytes, cardSource, "adhoc", engine);
    }
}
