package io.interpose.sdk;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects a {@link GuestIntrospectionService} to its host's Context MUX and keeps it connected: TLS
 * (trusting only the environment's CA, and only a certificate naming the SVM's host), the hello and
 * version negotiation, subscriptions after every Welcome, heartbeats, and reconnects with exponential
 * backoff (100 ms doubling to 5 s, with jitter) whenever the session ends, whatever the cause.
 *
 * <p>Threads: one reader thread (connects, reads frames, keeps the protection set), one writer thread per
 * session (batches frames per flush; a verdict, query or remediation is written by the thread that sends
 * it when nothing else is being written), {@code workers} worker threads for the service's callbacks (one
 * VM always on the same worker, in order; or none, see {@link Builder#callbacksOnReaderThread()}), one
 * result thread that completes query and remediation futures, one timer thread. All are daemon threads,
 * stopped by {@link #close()}.
 *
 * <p>Failures never escape: the client logs them, reports them in {@link #lastError()} and to
 * {@link GuestIntrospectionService#onDisconnected}, and reconnects.
 */
public final class GuestIntrospectionClient implements AutoCloseable {
    /** This SDK's version, sent in the ServiceHello. */
    public static final String SDK_VERSION = "0.1.0";
    private static final Logger LOG = LoggerFactory.getLogger(GuestIntrospectionClient.class);

    private final ClientSettings settings;
    private final InetSocketAddress address;
    private final MuxTls tls;
    private final Backoff backoff;
    private final Dispatcher dispatcher;
    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService results;
    private final ClientContext context;
    private final AtomicLong dropped = new AtomicLong();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread readerThread;
    private volatile Session session;
    private volatile LinkError lastError;

    private GuestIntrospectionClient(Builder b) {
        this.settings = new ClientSettings(b.environment, b.service, b.defaultVerdict, b.solutionVersion, b.sendQueueCapacity,
                Duration.ofSeconds(10));
        this.address = b.environment.muxAddress().orElseThrow();
        this.tls = new MuxTls(b.environment.caCertificate().orElseThrow(), b.environment.hostId());
        this.backoff = new Backoff(b.initialBackoff, b.maxBackoff, RandomGenerator.getDefault());
        this.dispatcher = new Dispatcher(b.workers, b.eventQueueCapacity);
        this.timer = new ScheduledThreadPoolExecutor(1, daemon("interpose-sdk-timer"));
        timer.setRemoveOnCancelPolicy(true);
        this.results = Executors.newSingleThreadExecutor(daemon("interpose-sdk-results"));
        this.context = new ClientContext(timer, results, b.requestTimeout);
        this.readerThread = daemon("interpose-sdk-reader").newThread(this::connectLoop);
    }

    /** A builder with the defaults: 2 workers or one per processor, 10,000 waiting events per worker, default verdict ALLOW. */
    public static Builder builder(SvmEnvironment environment, GuestIntrospectionService service) {
        return new Builder(environment, service);
    }

    /** Starts a client with the defaults; see {@link Builder#start()}. */
    public static GuestIntrospectionClient start(SvmEnvironment environment, GuestIntrospectionService service) {
        return builder(environment, service).start();
    }

    /** The context the service's callbacks also get. */
    public ServiceContext context() {
        return context;
    }

    /** Whether a session with the MUX is established now. */
    public boolean connected() {
        return context.connected();
    }

    /** The current session, while connected. */
    public Optional<SessionInfo> session() {
        Session current = session;
        return current == null || !current.established() ? Optional.empty() : Optional.of(current.info());
    }

    /** Why the last connection attempt or session failed, if one did. */
    public Optional<LinkError> lastError() {
        return Optional.ofNullable(lastError);
    }

    /** Events dropped or answered with the default verdict because the service's workers were full. */
    public long overflowedEvents() {
        return dropped.get();
    }

    /** Says Goodbye to the MUX, stops every thread of the client. Idempotent. */
    @Override
    public void close() {
        if (closed.getCount() == 0) {
            return;
        }
        closed.countDown();
        Session current = session;
        if (current != null) {
            current.shutdown();
        }
        readerThread.interrupt();
        try {
            readerThread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dispatcher.close();
        timer.shutdownNow();
        results.shutdown();
    }

    private void connectLoop() {
        while (closed.getCount() > 0) {
            LinkError error = connectOnce();
            if (closed.getCount() == 0) {
                return;
            }
            lastError = error;
            log(error);
            if (!pause(backoff.next())) {
                return;
            }
        }
    }

    private LinkError connectOnce() {
        MuxTls.MuxSocket socket;
        try {
            socket = tls.connect(address, (int) settings.helloTimeout().toMillis());
        } catch (MuxTls.MuxNotTrustedException e) {
            return new LinkError(LinkError.Kind.MUX_NOT_TRUSTED, e.getMessage());
        } catch (IOException | RuntimeException e) {
            return new LinkError(LinkError.Kind.CONNECT_FAILED, "cannot reach the MUX at " + address.getHostString() + ":"
                    + address.getPort() + ": " + e);
        }
        try {
            Session started = new Session(socket, settings, context, dispatcher, timer, dropped);
            session = started;
            if (closed.getCount() == 0) {
                started.shutdown();
            }
            LinkError error = started.run();
            session = null;
            if (started.established()) {
                backoff.reset();
                LinkError cause = error == null ? new LinkError(LinkError.Kind.CLOSED_BY_MUX, "closed") : error;
                dispatcher.submit("", () -> settings.service().onDisconnected(cause, context));
            }
            return error;
        } catch (IOException e) {
            return new LinkError(LinkError.Kind.CONNECTION_LOST, e.toString());
        }
    }

    private void log(LinkError error) {
        if (error == null) {
            return;
        }
        switch (error.kind()) {
            case VERSION_UNSUPPORTED, AUTHENTICATION_FAILED, MUX_NOT_TRUSTED ->
                    LOG.error("the Context MUX refused this SVM or is not trusted ({}): {}", error.kind(), error.message());
            default -> LOG.warn("no session with the Context MUX ({}): {}; reconnecting", error.kind(), error.message());
        }
    }

    /** Waits {@code delay} unless closed first; false when closed. */
    private boolean pause(Duration delay) {
        try {
            return !closed.await(delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            return false;
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Settings of a client; every one has a default. */
    public static final class Builder {
        private final SvmEnvironment environment;
        private final GuestIntrospectionService service;
        private int workers = Math.max(2, Runtime.getRuntime().availableProcessors());
        private int eventQueueCapacity = 10_000;
        private int sendQueueCapacity = 65_536;
        private Verdict defaultVerdict = Verdict.allow();
        private String solutionVersion = "";
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(5);

        private Builder(SvmEnvironment environment, GuestIntrospectionService service) {
            this.environment = Objects.requireNonNull(environment, "environment");
            this.service = Objects.requireNonNull(service, "service");
        }

        /** Worker threads for the service's callbacks (at least 1). */
        public Builder workers(int count) {
            this.workers = atLeastOne(count, "workers");
            return this;
        }

        /**
         * Runs every callback on the reader thread, with no worker threads: an event reaches the service
         * and its verdict leaves without a thread hand-off, the lowest latency the SDK offers. For services
         * that decide from memory in microseconds only: while a callback runs, nothing else from the MUX is
         * read (heartbeats included; a callback that takes three heartbeat intervals loses the session), and
         * a callback must never wait for a query or remediation result, which the same thread delivers.
         * {@link #eventQueueCapacity} does not apply (nothing waits).
         */
        public Builder callbacksOnReaderThread() {
            this.workers = 0;
            return this;
        }

        /** Events waiting per worker; beyond, events are answered with the default verdict (or dropped, for notifications). */
        public Builder eventQueueCapacity(int capacity) {
            this.eventQueueCapacity = atLeastOne(capacity, "eventQueueCapacity");
            return this;
        }

        /** Frames waiting to be written; beyond, sends fail. */
        public Builder sendQueueCapacity(int capacity) {
            this.sendQueueCapacity = atLeastOne(capacity, "sendQueueCapacity");
            return this;
        }

        /** The verdict for events the service's code failed on (threw) or had no room for. */
        public Builder defaultVerdict(Verdict verdict) {
            this.defaultVerdict = Objects.requireNonNull(verdict, "verdict");
            return this;
        }

        /** The partner's product version, shown in the API. */
        public Builder solutionVersion(String version) {
            this.solutionVersion = Objects.requireNonNull(version, "version");
            return this;
        }

        /** Reconnect delays: from {@code initial} doubling to {@code max}, with jitter. */
        public Builder reconnectBackoff(Duration initial, Duration max) {
            new Backoff(initial, max, RandomGenerator.getDefault());
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /** The deadline of queries and remediations (the SDK gives up one second after it). */
        public Builder requestTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the request timeout must be positive");
            }
            this.requestTimeout = timeout;
            return this;
        }

        /**
         * Starts the client; it connects in the background (see {@link GuestIntrospectionClient#connected()}).
         *
         * @throws IllegalStateException if the environment lacks what a connection needs (deployment id,
         *     host id, token, CA certificate, MUX address); the message names what is missing
         */
        public GuestIntrospectionClient start() {
            List<String> missing = new ArrayList<>();
            addIf(missing, environment.deploymentId().isEmpty(), SvmEnvironment.DEPLOYMENT_ID);
            addIf(missing, environment.hostId().isEmpty(), SvmEnvironment.HOST_ID);
            addIf(missing, environment.svmToken().isEmpty(), SvmEnvironment.SVM_TOKEN);
            addIf(missing, environment.caCertificate().isEmpty(), SvmEnvironment.CA_CERTIFICATE);
            addIf(missing, environment.muxAddress().isEmpty(), SvmEnvironment.MUX_ADDRESS);
            if (!missing.isEmpty()) {
                throw new IllegalStateException("the SVM environment lacks " + String.join(", ", missing));
            }
            GuestIntrospectionClient client = new GuestIntrospectionClient(this);
            client.readerThread.start();
            return client;
        }

        private static void addIf(List<String> missing, boolean absent, String key) {
            if (absent) {
                missing.add(key);
            }
        }

        private static int atLeastOne(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, not " + value);
            }
            return value;
        }
    }
}
