package com.anycompany.scoring.serving;

import com.anycompany.scoring.engine.CompiledModel;
import com.anycompany.scoring.engine.Engine;
import com.anycompany.scoring.model.ArtifactFileNames;
import com.anycompany.scoring.model.ArtifactInfo;
import com.anycompany.scoring.model.CardDeriver;
import com.anycompany.scoring.model.CorruptArtifactException;
import com.anycompany.scoring.model.Hashing;
import com.anycompany.scoring.model.LoadedModel;
import com.anycompany.scoring.model.ModelArtifact;
import com.anycompany.scoring.model.ModelCard;
import com.anycompany.scoring.model.ModelCards;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Loads the served model from the file system, the way SageMaker hands it to a container: {@code /opt/ml/model} holds
 * the unpacked {@code model.tar.gz} (an {@code xgboost-model} file, or {@code model.json}/{@code model.ubj}), or the
 * path names a {@code model.tar.gz} or a bare model file. Every artifact goes to the engine as it is, so any model
 * kind the engine reads is served. The card is the {@code card.json} beside the artifact (its SHA-256 is checked
 * against the artifact), else it is derived from the model (features by position, f0..fN-1 when the model stores no
 * names).
 */
public final class ModelFiles {
    /** Where SageMaker unpacks the model's {@code model.tar.gz} in the container. */
    public static final Path SAGEMAKER_MODEL_DIR = Path.of("/opt/ml/model");
    /** Artifact names looked for in a model directory, in this order. */
    static final List<String> ARTIFACT_NAMES = List.of("xgboost-model", "model.tar.gz", "model.ubj", "model.json");

    private ModelFiles() {
    }

    /** Loads the model at {@code path} (a directory or a file); {@code name} names a derived card. */
    public static LoadedModel load(Path path, String name, Engine engine) throws IOException {
        Path artifact = path;
        if (Files.isDirectory(path)) {
            artifact = ARTIFACT_NAMES.stream().map(path::resolve).filter(Files::isRegularFile).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(path + " holds none of " + ARTIFACT_NAMES
                            + "; put the model there (SageMaker unpacks model.tar.gz into /opt/ml/model) or pass"
                            + " --model FILE"));
        } else if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("--model " + path + ": no such file or directory");
        }
        byte[] bytes = Files.readAllBytes(artifact);
        Path sibling = artifact.toAbsolutePath().getParent().resolve("card.json");
        Optional<byte[]> card = Files.isRegularFile(sibling) ? Optional.of(Files.readAllBytes(sibling))
                : Optional.empty();
        return bind(artifact.toString(), artifact.getFileName().toString(), bytes, card, sibling.toString(), name,
                engine);
    }

    /**
     * Compiles {@code bytes} and binds them to the given card (checked by SHA-256) or, without one, to a card derived
     * from the model and named {@code name}.
     */
    public static LoadedModel bind(String source, String file, byte[] bytes, Optional<byte[]> cardBytes,
                                   String cardSource, String name, Engine engine) {
        CompiledModel compiled = engine.compile(new ModelArtifact(source, bytes));
        if (cardBytes.isEmpty()) {
            ArtifactInfo info = new ArtifactInfo(ArtifactFileNames.canonicalName(file, bytes),
                    ArtifactFileNames.formatOf(file, bytes), Hashing.sha256Hex(bytes), bytes.length);
            return LoadedModel.bind(CardDeriver.derive(name, "0", compiled, info), compiled, source);
        }
        ModelCard card = ModelCards.parse(cardSource, cardBytes.get());
        String sha = Hashing.sha256Hex(bytes);
        if (!sha.equals(card.artifact().sha256())) {
            throw new CorruptArtifactException(source + ": SHA-256 is " + sha + " but " + cardSource + " says "
                    + card.artifact().sha256() + "; the card describes a different artifact");
        }
        return LoadedModel.bind(card, compiled, source);
    }
}
