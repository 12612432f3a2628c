package com.anycompany.scoring.local.browser;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium} in headless mode, for tests that check a page really renders: the DOM after scripts ran
 * ({@code --dump-dom}) and a screenshot ({@code --screenshot}). {@link #find()} is empty when no chromium is
 * installed ({@code apt-get install chromium}; CI installs it).
 */
public final class HeadlessChromium {
    private final Path binary;

    private HeadlessChromium(Path binary) {
        this.binary = binary;
    }

    /** Chromium from $CHROMIUM, else chromium or chromium-browser on the PATH. */
    public static Optional<HeadlessChromium> find() {
        List<String> names = new ArrayList<>();
        String env = System.getenv("CHROMIUM");
        if (env != null && !env.isBlank()) {
            names.add(env);
        }
        names.add("chromium");
        names.add("chromium-browser");
        for (String n : names) {
            Path p = Path.of(n);
            if (p.isAbsolute() && Files.isExecutable(p)) {
                return Optional.of(new HeadlessChromium(p));
            }
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                Path c = Path.of(dir, n);
                if (Files.isExecutable(c)) {
                    return Optional.of(new HeadlessChromium(c));
                }
            }
        }
        return Optional.empty();
    }

    /** The page's DOM after its scripts ran. */
    public String dumpDom(Path page, Path work) throws IOException, InterruptedException {
        Path out = work.resolve("dom.html");
        run(work, out, "--dump-dom", page.toUri().toString());
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** A PNG screenshot of the page in a window of the given size. */
    public BufferedImage screenshot(Path page, Path work, int width, int height) throws IOException,
            InterruptedException {
        Path png = work.resolve("screenshot.png");
        run(work, work.resolve("screenshot.log"), "--hide-scrollbars", "--window-size=" + width + "," + height,
                "--screenshot=" + png, page.toUri().toString());
        BufferedImage image = ImageIO.read(png.toFile());
        if (image == null) {
            throw new IOException("chromium wrote no readable screenshot at " + png);
        }
        return image;
    }

    /** Pixels within {@code tolerance} (per channel) of the colour {@code #rrggbb}. */
    public static long pixelsNear(BufferedImage image, String hex, int tolerance) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        int r = rgb >> 16 & 0xff;
        int g = rgb >> 8 & 0xff;
        int b = rgb & 0xff;
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                if (Math.abs((p >> 16 & 0xff) - r) <= tolerance && Math.abs((p >> 8 & 0xff) - g) <= tolerance
                        && Math.abs((p & 0xff) - b) <= tolerance) {
                    n++;
                }
            }
        }
        return n;
    }

    private void run(Path work, Path stdout, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions", "--disable-background-networking",
                "--user-data-dir=" + work.resolve("profile"), "--virtual-time-budget=5000"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectOutput(stdout.toFile())
                .redirectError(work.resolve("chromium.err").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("chromium did not finish in 120 s: " + String.join(" ", cmd));
        }
        if (p.exitValue() != 0) {
            throw new IOException("chromium exited with " + p.exitValue() + ": " + Files.readString(
                    work.resolve("chromium.err")));
        }
    }
}
