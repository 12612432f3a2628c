package com.anycompany.scoring.cli;

import com.anycompany.scoring.model.ModelRef;
import com.anycompany.scoring.model.S3ModelStore;
import com.anycompany.scoring.rollout.AliasStore;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.List;
import java.util.Optional;

/**
 * Which version of a model a command uses: the one named, else the champion alias, else the only published version.
 * Checked before any work; a missing model fails with one line that says what to publish or promote.
 */
final class ModelVersions {
    private ModelVersions() {
    }

    /** A resolved version and why it was chosen ("--version", "champion", "the only published version"). */
    record Choice(String version, String why) {
    }

    static Choice resolve(S3Client s3, String bucket, String name, String requested) {
        return resolve(s3, bucket, name, requested, "--version");
    }

    /** As above; {@code flag} is the command's option that names a version (for the hint). */
    static Choice resolve(S3Client s3, String bucket, String name, String requested, String flag) {
        ModelRef.of(name, requested == null ? "0" : requested); // validates both before they reach a key
        S3ModelStore store = new S3ModelStore(s3, bucket);
        List<String> versions = store.list().stream().filter(r -> r.name().equals(name)).map(ModelRef::version)
                .distinct().toList();
        String where = "s3://" + bucket + "/models/" + name + "/";
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("no model " + name + " is published in " + where + "; publish one: "
                    + "./scoring models publish --name " + name + " --version V --model FILE");
        }
        if (requested != null) {
            if (!versions.contains(requested)) {
                throw new IllegalArgumentException(name + "@" + requested + " is not published in " + where
                        + " (published: " + String.join(", ", versions) + "); publish it with ./scoring models "
                        + "publish --name " + name + " --version " + requested + " --model FILE, or pick a published "
                        + "version");
            }
            return new Choice(requested, flag);
        }
        Optional<String> champion = new AliasStore(s3, bucket).read(name).map(v -> v.aliases().champion());
        if (champion.isPresent()) {
            if (!versions.contains(champion.get())) {
                throw new IllegalArgumentException("the champion of " + name + " is " + champion.get()
                        + ", which is not published in " + where + " (published: " + String.join(", ", versions)
                        + "); promote a published one: ./scoring models promote --name " + name + " --version V");
            }
            return new Choice(champion.get(), "champion");
        }
        if (versions.size() == 1) {
            return new Choice(versions.get(0), "the only published version");
        }
        throw new IllegalArgumentException(name + " has " + versions.size() + " published versions ("
                + String.join(", ", versions) + ") and no champion; promote one: ./scoring models promote --name "
                + name + " --version V, or pass " + flag + " V");
    }

    /** As {@link #resolve}, and says on {@code err} (the command's stderr) which version is used. */
    static String resolveAndSay(java.io.PrintWriter err, S3Client s3, String bucket, String name, String requested,
            String flag) {
        Choice c = resolve(s3, bucket, name, requested, flag);
        if (requested == null) {
            err.printf("model: %s@%s (%s)%n", name, c.version(), c.why());
            err.flush();
        }
        return c.version();
    }
}
