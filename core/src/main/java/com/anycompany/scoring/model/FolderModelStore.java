package com.anycompany.scoring.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** {@link ModelStore} on a local folder with the same layout as the bucket (the folder plays the bucket's root). */
public final class FolderModelStore implements ModelStore {
    private final Path root;

    public FolderModelStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String location(ModelRef ref) {
        return root.resolve(ref.prefix()).toString();
    }

    @Override
    public StoredModel fetch(ModelRef ref) {
        Path dir = root.resolve(ref.prefix());
        Path cardPath = dir.resolve("card.json");
        byte[] cardBytes = read(cardPath);
        if (cardBytes == null) {
            throw new ModelNotFoundException("no model " + ref + ": " + cardPath + " does not exist");
        }
        ModelCard card = ModelCards.parse(cardPath.toString(), cardBytes);
        ArtifactChecks.checkIdentity(ref, card, cardPath.toString());
        Path artifactPath = dir.resolve(card.artifact().file());
        ModelLimits limits = ModelLimits.current();
        limits.checkArtifactSize(artifactPath.toString(), card.artifact().sizeBytes());
        limits.checkArtifactSize(artifactPath.toString(), size(artifactPath));
        byte[] bytes = read(artifactPath);
        if (bytes == null) {
            throw new CorruptArtifactException(artifactPath + ": the artifact named by " + cardPath + " does not exist");
        }
        return ArtifactChecks.verify(card, cardPath.toString(), artifactPath.toString(), bytes);
    }

    @Override
    public ModelCard publish(ModelCard card, byte[] artifactBytes, String artifactFile) {
        ModelCard stamped = ArtifactChecks.stamp(card, artifactBytes, artifactFile);
        Path dir = root.resolve(card.ref().prefix());
        try {
            Files.createDirectories(dir);
            Path artifact = dir.resolve(artifactFile);
            byte[] existing = read(artifact);
            if (existing != null && !Arrays.equals(existing, artifactBytes)) {
                throw new IllegalStateException(artifact + " already exists with different bytes; publish a new version");
            }
            writeAtomically(artifact, artifactBytes);
            writeAtomically(dir.resolve("card.json"), ModelCards.toJson(stamped));
            return stamped;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + card.ref() + " under " + dir, e);
        }
    }

    @Override
    public List<ModelRef> list() {
        Path models = root.resolve("models");
        if (!Files.isDirectory(models)) {
            return List.of();
        }
        List<ModelRef> refs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(models, 6)) {
            files.filter(p -> p.getFileName().toString().equals("card.json"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .forEach(k -> ModelPaths.refOfCardKey(k).ifPresent(refs::add));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + models, e);
        }
        refs.sort(ModelPaths.ORDER);
        return refs;
    }

    /** The file's size, 0 when it does not exist (the read that follows reports that). */
    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), ".publish-", ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
