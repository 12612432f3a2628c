package com.anycompany.scoring.serving.image;

import com.anycompany.scoring.batch.BatchJson;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Builds the model server's container image without a Docker daemon and without pulling a base image, as an OCI image
 * layout directory ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/...}) that {@code skopeo copy} or
 * {@code crane push} sends to ECR. Three layers, each a deterministic tar (root-owned, fixed times):
 * <ol>
 *   <li>base: the host's shared libraries the JRE links against (found with {@code ldd}: glibc, libz, libstdc++,
 *       libgcc_s and the dynamic loader) at the paths the loader looks for them, {@code /tmp},
 *       {@code /opt/ml/model}, and minimal {@code /etc} files;</li>
 *   <li>jre: a {@code jlink} runtime of only the modules the server needs, at {@code /opt/java};</li>
 *   <li>app: {@code /opt/app/model-server.jar}.</li>
 * </ol>
 * The config runs {@code java -jar /opt/app/model-server.jar serve} (SageMaker passes {@code serve}), exposes 8080 and
 * carries SageMaker's {@code accept-bind-to-port} label. The image is for the architecture of the building JDK.
 */
public final class OciImageBuilder {
    /** The JDK modules the server uses (jdeps, minus optional ones: no AWT, RMI or compiler). */
    public static final List<String> MODULES = List.of("java.base", "java.logging", "java.management",
            "java.naming", "java.scripting", "java.sql", "java.xml", "jdk.httpserver", "jdk.unsupported");
    public static final List<String> ENTRYPOINT = List.of("/opt/java/bin/java", "-XX:+UseSerialGC",
            "-XX:MaxRAMPercentage=75", "-XX:-UsePerfData", "-jar", "/opt/app/model-server.jar");
    static final long MTIME = 1_700_000_000L;
    private static final Pattern LDD_PATH = Pattern.compile("(?:=>\\s*)?(/\\S+)\\s+\\(0x");
    private static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";

    /** The layout written: its directory, the manifest's digest and the layers' compressed size. */
    public record Result(Path layout, String manifestDigest, long layerBytes) {
    }

    private OciImageBuilder() {
    }

    /**
     * Builds the image of {@code jar} into the OCI layout {@code output} (replaced), with a JRE linked from
     * {@code javaHome}'s jmods, tagged {@code tag}.
     */
    public static Result build(Path jar, Path javaHome, Path output, String tag) throws IOException,
            InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(jar + ": no such jar; build it with mvn -pl serving/model-server -am"
                    + " package -DskipTests");
        }
        if (!Files.isExecutable(javaHome.resolve("bin/jlink"))) {
            throw new IllegalArgumentException(javaHome + " has no bin/jlink; build the image with a full JDK"
                    + " (Debian: openjdk-17-jdk-headless)");
        }
        Path work = Files.createTempDirectory("oci-build");
        try {
            Path jre = work.resolve("jre");
            run(List.of(javaHome.resolve("bin/jlink").toString(), "--add-modules", String.join(",", MODULES),
                    "--strip-debug", "--no-man-pages", "--no-header-files",
                    Runtime.version().feature() >= 21 ? "--compress=zip-0" : "--compress=0", "--output",
                    jre.toString()));
            Set<Path> libraries = nativeLibraries(jre);
            deleteTree(output);
            Files.createDirectories(output.resolve("blobs/sha256"));
            List<Layer> layers = List.of(
                    layer(output, "base", tar -> base(tar, libraries)),
                    layer(output, "jre", tar -> tree(tar, jre, "opt/java")),
                    layer(output, "app", tar -> {
                        tar.directory("opt/app", 0755);
                        tar.file("opt/app/model-server.jar", 0644, Files.readAllBytes(jar));
                    }));
            byte[] config = json(config(layers));
            Blob configBlob = blob(output, config);
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("schemaVersion", 2);
            manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
            manifest.put("config", descriptor("application/vnd.oci.image.config.v1+json", configBlob));
            manifest.put("layers", layers.stream().map(l -> descriptor(LAYER_TYPE, l.blob())).toList());
            Blob manifestBlob = blob(output, json(manifest));
            Map<String, Object> entry = descriptor("application/vnd.oci.image.manifest.v1+json", manifestBlob);
            entry.put("annotations", Map.of("org.opencontainers.image.ref.name", tag));
            Map<String, Object> index = new LinkedHashMap<>();
            index.put("schemaVersion", 2);
            index.put("mediaType", "application/vnd.oci.image.index.v1+json");
            index.put("manifests", List.of(entry));
            Files.write(output.resolve("index.json"), json(index));
            Files.writeString(output.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
            return new Result(output, manifestBlob.digest(), layers.stream().mapToLong(l -> l.blob().size()).sum());
        } finally {
            deleteTree(work);
        }
    }

    private interface Content {
        void write(TarWriter tar) throws IOException;
    }

    private record Blob(String digest, long size) {
    }

    private record Layer(String name, Blob blob, String diffId) {
    }

    /** Writes one gzip'd tar layer into the blobs, digesting it compressed (its name) and uncompressed (diff_id). */
    private static Layer layer(Path output, String name, Content content) throws IOException {
        Path tmp = Files.createTempFile(output.resolve("blobs/sha256"), ".layer-", ".tmp");
        MessageDigest compressed = sha256();
        MessageDigest uncompressed = sha256();
        try (OutputStream file = Files.newOutputStream(tmp);
             DigestOutputStream c = new DigestOutputStream(file, compressed);
             GZIPOutputStream gz = new GZIPOutputStream(c, 1 << 16);
             DigestOutputStream u = new DigestOutputStream(gz, uncompressed);
             TarWriter tar = new TarWriter(u, MTIME)) {
            content.write(tar);
        }
        String digest = "sha256:" + HexFormat.of().formatHex(compressed.digest());
        long size = Files.size(tmp);
        Files.move(tmp, output.resolve("blobs/sha256").resolve(digest.substring(7)),
                StandardCopyOption.REPLACE_EXISTING);
        return new Layer(name, new Blob(digest, size), "sha256:" + HexFormat.of().formatHex(uncompressed.digest()));
    }

    private static Blob blob(Path output, byte[] content) throws IOException {
        String hex = HexFormat.of().formatHex(sha256().digest(content));
        Files.write(output.resolve("blobs/sha256").resolve(hex), content);
        return new Blob("sha256:" + hex, content.length);
    }

    private static Map<String, Object> descriptor(String mediaType, Blob blob) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("mediaType", mediaType);
        d.put("digest", blob.digest());
        d.put("size", blob.size());
        return d;
    }

    private static Map<String, Object> config(List<Layer> layers) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("Entrypoint", ENTRYPOINT);
        run.put("Cmd", List.of("serve"));
        run.put("Env", List.of("PATH=/opt/java/bin:/usr/bin:/bin", "JAVA_HOME=/opt/java",
                // the loader resolves $ORIGIN through /proc, which a chroot may lack: name the JRE's libraries
                "LD_LIBRARY_PATH=/opt/java/lib:/opt/java/lib/server"));
        run.put("ExposedPorts", Map.of("8080/tcp", Map.of()));
        run.put("WorkingDir", "/");
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("org.opencontainers.image.title", "scoring model-server");
        labels.put("org.opencontainers.image.description", "XGBoost scoring: SageMaker container contract and the"
                + " Open Inference Protocol v2");
        labels.put("com.amazonaws.sagemaker.capabilities.accept-bind-to-port", "true");
        run.put("Labels", labels);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("created", "2023-11-14T22:13:20Z");
        c.put("architecture", architecture());
        c.put("os", "linux");
        c.put("config", run);
        Map<String, Object> rootfs = new LinkedHashMap<>();
        rootfs.put("type", "layers");
        rootfs.put("diff_ids", layers.stream().map(Layer::diffId).toList());
        c.put("rootfs", rootfs);
        c.put("history", layers.stream().map(l -> Map.of("created_by", "OciImageBuilder: " + l.name())).toList());
        return c;
    }

    static String architecture() {
        String a = System.getProperty("os.arch");
        return switch (a) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> a;
        };
    }

    /** The host libraries {@code ldd} says the JRE's launcher and libraries load, outside the JRE itself. */
    static Set<Path> nativeLibraries(Path jre) throws IOException, InterruptedException {
        List<Path> objects = new ArrayList<>();
        objects.add(jre.resolve("bin/java"));
        try (Stream<Path> s = Files.walk(jre.resolve("lib"))) {
            s.filter(p -> p.getFileName().toString().endsWith(".so")).sorted().forEach(objects::add);
        }
        Set<Path> libs = new TreeSet<>();
        for (Path o : objects) {
            // as in the image: the JRE's own libraries are found through LD_LIBRARY_PATH
            String path = jre.resolve("lib") + ":" + jre.resolve("lib/server");
            for (String line : run(List.of("ldd", o.toString()), Map.of("LD_LIBRARY_PATH", path)).split("\n")) {
                if (line.contains("not found")) {
                    throw new IllegalStateException("ldd: " + o + " needs a library this host lacks: " + line.trim());
                }
                Matcher m = LDD_PATH.matcher(line);
                if (m.find()) {
                    Path p = Path.of(m.group(1)).normalize();
                    if (!p.startsWith(jre.toAbsolutePath().normalize()) && !p.startsWith(jre)) {
                        libs.add(p);
                    }
                }
            }
        }
        if (libs.stream().noneMatch(p -> p.getFileName().toString().startsWith("libc.so"))) {
            throw new IllegalStateException("ldd found no libc for " + jre + "; cannot build the base layer");
        }
        return libs;
    }

    private static void base(TarWriter tar, Set<Path> libraries) throws IOException {
        Set<String> dirs = new TreeSet<>(List.of("etc", "tmp", "opt", "opt/ml", "opt/ml/model"));
        for (Path lib : libraries) {
            for (Path d = lib.getParent(); d != null && d.getNameCount() > 0; d = d.getParent()) {
                dirs.add(d.toString().substring(1));
            }
        }
        for (String d : dirs) {
            tar.directory(d, d.equals("tmp") ? 01777 : 0755);
        }
        for (Path lib : libraries) {
            tar.file(lib.toString().substring(1), 0755, Files.readAllBytes(lib.toRealPath()));
        }
        tar.file("etc/passwd", 0644, "root:x:0:0:root:/root:/bin/false\n".getBytes(StandardCharsets.US_ASCII));
        tar.file("etc/group", 0644, "root:x:0:\n".getBytes(StandardCharsets.US_ASCII));
        tar.file("etc/hosts", 0644, "127.0.0.1 localhost\n::1 localhost\n".getBytes(StandardCharsets.US_ASCII));
        tar.file("etc/nsswitch.conf", 0644, "hosts: files dns\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code dir}'s files and directories under {@code prefix}, sorted, with their permissions. */
    private static void tree(TarWriter tar, Path dir, String prefix) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(dir)) {
            all = s.sorted(Comparator.comparing(Path::toString)).toList();
        }
        for (Path p : all) {
            String name = prefix + (p.equals(dir) ? "" : "/" + dir.relativize(p));
            if (Files.isSymbolicLink(p)) {
                tar.symlink(name, Files.readSymbolicLink(p).toString());
            } else if (Files.isDirectory(p)) {
                tar.directory(name, 0755);
            } else {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                tar.file(name, perms.contains(PosixFilePermission.OWNER_EXECUTE) ? 0755 : 0644, Files.readAllBytes(p));
            }
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        return run(command, Map.of());
    }

    private static String run(List<String> command, Map<String, String> env) throws IOException,
            InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private static byte[] json(Object value) {
        return BatchJson.bytes(value);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** {@code java -cp model-server.jar ...OciImageBuilder JAR OUTPUT [TAG]}, with the running JDK's jmods. */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: OciImageBuilder MODEL_SERVER_JAR OUTPUT_DIR [TAG]");
            System.exit(2);
        }
        Result r = build(Path.of(args[0]), Path.of(System.getProperty("java.home")), Path.of(args[1]),
                args.length > 2 ? args[2] : "latest");
        System.out.printf("OCI image layout %s: manifest %s, layers %.1f MB%n", r.layout(), r.manifestDigest(),
                r.layerBytes() / 1e6);
    }
}
