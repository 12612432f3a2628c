package com.anycompany.scoring.local;

import com.anycompany.scoring.config.AwsClients;
import com.anycompany.scoring.local.textract.SimulatedTextract;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.elasticmq.NodeAddress;
import org.elasticmq.RelaxedSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The local stand-in for the AWS services the functions use: S3Proxy (its {@code filesystem-nio2} store under
 * {@code <stateDir>/s3}, one directory per bucket and one file per object) and ElasticMQ (in memory), both embedded in this JVM on 127.0.0.1 and free ports.
 *
 * <p>Queue definitions passed to {@link #ensureQueue} are remembered in {@code <stateDir>/queues.json} and re-created
 * on the next start; messages are in memory only and do not survive the process. Objects in S3 survive (files).
 *
 * <p>For fault tests each server can be stopped and started again on the same port ({@link #stopS3()},
 * {@link #startS3()}, {@link #stopSqs()}, {@link #startSqs()}); ElasticMQ keeps its queues and messages across such a
 * restart because the queue manager actor lives in an actor system owned by this class, not by the HTTP server.
 */
public final class LocalAws implements AutoCloseable {
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "000000000000";
    public static final String ACCESS_KEY = "local";
    public static final String SECRET_KEY = "local-secret";
    /** File in the state dir marking it as ours; {@code reset} only deletes directories that carry it. */
    public static final String MARKER_FILE = ".scoring-state";

    private static final Logger LOG = LoggerFactory.getLogger(LocalAws.class);

    private final Path stateDir;
    private final QueueCatalog catalog;
    private final BlobStoreContext blobStoreContext;
    private final int s3Port;
    private final int sqsPort;
    private final ActorSystem actorSystem;
    private final ActorRef queueManager;
    private S3Proxy s3Proxy;
    private SQSRestServer sqsServer;
    private S3Client s3Client;
    private SqsClient sqsClient;

    private LocalAws(Path stateDir) throws Exception {
        this.stateDir = stateDir.toAbsolutePath().normalize();
        Files.createDirectories(this.stateDir.resolve("s3"));
        Path marker = this.stateDir.resolve(MARKER_FILE);
        if (!Files.exists(marker)) {
            Files.writeString(marker, "state of the local scoring runtime; `./scoring reset` deletes this directory\n");
        }
        this.catalog = new QueueCatalog(this.stateDir.resolve("queues.json"));

        Properties overrides = new Properties();
        overrides.setProperty("jclouds.filesystem.basedir", this.stateDir.resolve("s3").toString());
        // filesystem-nio2 (S3Proxy's own store) rather than jclouds' "filesystem": same layout on disk, but its
        // listing reads only the keys of the page it returns (jclouds' store loads every key's metadata under the
        // prefix for every page: 3-4x slower on the 1,806 keys of the attrition run's model prefix). The provider
        // needs an identity, which it does not check (S3Proxy does, with ACCESS_KEY/SECRET_KEY).
        this.blobStoreContext = ContextBuilder.newBuilder("filesystem-nio2")
                .credentials(ACCESS_KEY, SECRET_KEY)
                .overrides(overrides)
                .buildView(BlobStoreContext.class);
        this.s3Port = freePort();
        this.sqsPort = freePort();

        // Own actor system: pekko logs through slf4j (never stdout), and the queue manager survives HTTP restarts.
        var pekkoConfig = ConfigFactory.parseString("""
                pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
                pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
                pekko.loglevel = "WARNING"
                pekko.stdout-loglevel = "OFF"
                pekko.log-dead-letters = off
                pekko.log-dead-letters-during-shutdown = off
                pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
                pekko.jvm-shutdown-hooks = off
                """).withFallback(ConfigFactory.load());
        this.actorSystem = ActorSystem.create("elasticmq", pekkoConfig);
        this.queueManager = actorSystem.actorOf(Props.create(QueueManagerActor.class,
                () -> new QueueManagerActor(new NowProvider(), RelaxedSQSLimits$.MODULE$, scala.Option.empty())));
    }

    /** Starts both servers with state under {@code stateDir} and re-creates the queues remembered there. */
    public static LocalAws start(Path stateDir) {
        LocalAws aws;
        try {
            aws = new LocalAws(stateDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the local state dir " + stateDir, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the local AWS servers: " + e.getMessage(), e);
        }
        try {
            aws.startS3();
            aws.startSqs();
            aws.restoreQueues();
            return aws;
        } catch (RuntimeException e) {
            aws.close();
            throw e;
        }
    }

    public Path stateDir() {
        return stateDir;
    }

    public String s3Endpoint() {
        return "http://127.0.0.1:" + s3Port;
    }

    public String sqsEndpoint() {
        return "http://127.0.0.1:" + sqsPort;
    }

    /** The local Textract server's endpoint (one per JVM, shared by every LocalAws; see {@link SimulatedTextract}). */
    public String textractEndpoint() {
        return SimulatedTextract.shared().endpoint();
    }

    public int s3Port() {
        return s3Port;
    }

    public int sqsPort() {
        return sqsPort;
    }

    /** A client for the local S3 (shared, closed with this object). */
    public synchronized S3Client s3Client() {
        if (s3Client == null) {
            s3Client = AwsClients.s3(Optional.of(s3Endpoint()));
        }
        return s3Client;
    }

    /** A client for the local SQS (shared, closed with this object). */
    public synchronized SqsClient sqsClient() {
        if (sqsClient == null) {
            sqsClient = AwsClients.sqs(Optional.of(sqsEndpoint()));
        }
        return sqsClient;
    }

    /**
     * What a function needs in its environment to talk to these servers: the SDK's standard endpoint variables
     * ({@code AWS_ENDPOINT_URL_S3}, {@code AWS_ENDPOINT_URL_SQS}, {@code AWS_ENDPOINT_URL_TEXTRACT}) read by
     * {@link AwsClients}, checksums only when required, path-style S3, the region and dummy credentials.
     */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(AwsClients.S3_ENDPOINT_URL, s3Endpoint());
        env.put(AwsClients.SQS_ENDPOINT_URL, sqsEndpoint());
        env.put(AwsClients.IGNORE_CONFIGURED_ENDPOINT_URLS, "false");
        env.put(AwsClients.REQUEST_CHECKSUM_CALCULATION, "when_required");
        env.put(AwsClients.RESPONSE_CHECKSUM_VALIDATION, "when_required");
        env.put(AwsClients.S3_PATH_STYLE, "true");
        env.put("AWS_REGION", REGION);
        env.put("AWS_DEFAULT_REGION", REGION);
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        // the local Textract server (local.textract.SimulatedTextract): Textract's wire protocol, no OCR
        env.put(AwsClients.TEXTRACT_ENDPOINT_URL, textractEndpoint());
        return Map.copyOf(env);
    }

    /** Creates the bucket unless it exists. */
    public void ensureBucket(String name) {
        try {
            s3Client().createBucket(b -> b.bucket(name));
        } catch (BucketAlreadyOwnedByYouException e) {
            // fine
        } catch (S3Exception e) {
            if (e.statusCode() != 409) {
                throw e;
            }
        }
    }

    /**
     * Creates the queue (or updates its attributes) and remembers it in {@code queues.json}. Attributes are SQS
     * attribute names and string values, e.g. {@code VisibilityTimeout=30},
     * {@code RedrivePolicy={"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":3}},
     * {@code FifoQueue=true}. Create dead-letter queues before the queues that redrive to them.
     *
     * @return the queue URL
     */
    public String ensureQueue(String name, Map<String, String> attributes) {
        String url = createOrUpdateQueue(name, attributes);
        catalog.put(name, attributes);
        return url;
    }

    private String createOrUpdateQueue(String name, Map<String, String> attributes) {
        Map<String, String> attrs = new LinkedHashMap<>(attributes);
        if (name.endsWith(".fifo")) {
            attrs.putIfAbsent("FifoQueue", "true");
        }
        try {
            return sqsClient().createQueue(b -> b.queueName(name).attributesWithStrings(attrs)).queueUrl();
        } catch (QueueNameExistsException e) {
            String url = queueUrl(name);
            Map<String, String> mutable = new LinkedHashMap<>(attrs);
            mutable.remove("FifoQueue");
            if (!mutable.isEmpty()) {
                sqsClient().setQueueAttributes(b -> b.queueUrl(url).attributesWithStrings(mutable));
            }
            return url;
        }
    }

    /** The URL ElasticMQ gives the queue (the queue must exist). */
    public String queueUrl(String name) {
        return sqsClient().getQueueUrl(b -> b.queueName(name)).queueUrl();
    }

    /** The URL the queue has (or will have) on this server, without asking it. */
    public String expectedQueueUrl(String name) {
        return sqsEndpoint() + "/" + ACCOUNT_ID + "/" + name;
    }

    public static String queueArn(String name) {
        return "arn:aws:sqs:" + REGION + ":" + ACCOUNT_ID + ":" + name;
    }

    /** Visible / in flight / delayed counts of a queue, as ElasticMQ reports them. */
    public QueueDepth queueDepth(String queueUrl) {
        var attrs = sqsClient().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return new QueueDepth(
                Integer.parseInt(attrs.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")),
                Integer.parseInt(attrs.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0")),
                Integer.parseInt(attrs.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED, "0")));
    }

    /** Queue definitions remembered in {@code queues.json}, in creation order. */
    public Map<String, Map<String, String>> rememberedQueues() {
        return catalog.all();
    }

    private void restoreQueues() {
        catalog.all().forEach((name, attrs) -> {
            try {
                createOrUpdateQueue(name, attrs);
            } catch (RuntimeException e) {
                LOG.warn("could not re-create queue {} from {}: {}", name, catalog.file(), e.getMessage());
            }
        });
    }

    // ---- lifecycle --------------------------------------------------------------------------------------------

    /** Starts S3Proxy on its port (again, after {@link #stopS3()}). */
    public synchronized void startS3() {
        if (s3Proxy != null) {
            return;
        }
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStoreContext.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:" + s3Port))
                .awsAuthentication(AuthenticationType.NONE, null, null)
                .ignoreUnknownHeaders(true)
                .build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy did not start on port " + s3Port + ": " + proxy.getState());
                }
                Thread.sleep(5);
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start S3Proxy on port " + s3Port + ": " + e.getMessage(), e);
        }
        s3Proxy = proxy;
        LOG.debug("S3Proxy on {} with files in {}", s3Endpoint(), stateDir.resolve("s3"));
    }

    /** Stops S3Proxy; requests fail (connection refused) until {@link #startS3()}. Objects stay on disk. */
    public synchronized void stopS3() {
        if (s3Proxy == null) {
            return;
        }
        try {
            s3Proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop S3Proxy: " + e.getMessage(), e);
        } finally {
            s3Proxy = null;
        }
    }

    /** Starts ElasticMQ's HTTP endpoint on its port (again, after {@link #stopSqs()}); queues and messages kept. */
    public synchronized void startSqs() {
        if (sqsServer != null) {
            return;
        }
        SQSRestServer server = SQSRestServerBuilder
                .withActorSystem(actorSystem)
                .withQueueManagerActor(queueManager)
                .withInterface("127.0.0.1")
                .withPort(sqsPort)
                .withServerAddress(new NodeAddress("http", "127.0.0.1", sqsPort, ""))
                .withAWSRegion(REGION)
                .withAWSAccountId(ACCOUNT_ID)
                .start();
        try {
            server.waitUntilStarted();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start ElasticMQ on port " + sqsPort + ": " + e.getMessage(), e);
        }
        sqsServer = server;
        LOG.debug("ElasticMQ on {}", sqsEndpoint());
    }

    /** Unbinds ElasticMQ's HTTP endpoint; requests fail until {@link #startSqs()}. Queues and messages are kept. */
    public synchronized void stopSqs() {
        if (sqsServer == null) {
            return;
        }
        try {
            sqsServer.stopAndWait();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop ElasticMQ: " + e.getMessage(), e);
        } finally {
            sqsServer = null;
        }
    }

    public synchronized boolean s3Running() {
        return s3Proxy != null;
    }

    public synchronized boolean sqsRunning() {
        return sqsServer != null;
    }

    @Override
    public synchronized void close() {
        closeQuietly(s3Client);
        closeQuietly(sqsClient);
        s3Client = null;
        sqsClient = null;
        try {
            stopS3();
        } catch (RuntimeException e) {
            LOG.warn("stopping S3Proxy: {}", e.getMessage());
        }
        try {
            stopSqs();
        } catch (RuntimeException e) {
            LOG.warn("stopping ElasticMQ: {}", e.getMessage());
        }
        try {
            actorSystem.terminate();
            scala.concurrent.Await.ready(actorSystem.whenTerminated(),
                    scala.concurrent.duration.Duration.create(10, TimeUnit.SECONDS));
        } catch (Exception e) {
            LOG.warn("stopping the ElasticMQ actor system: {}", e.getMessage());
        }
        blobStoreContext.close();
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /** Message counts of a queue. */
    public record QueueDepth(int visible, int inFlight, int delayed) {
        public boolean isEmpty() {
            return visible == 0 && inFlight == 0 && delayed == 0;
        }

        public int total() {
            return visible + inFlight + delayed;
        }
    }
}
