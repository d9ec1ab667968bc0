package io.interpose.sdk.testkit;

import io.interpose.protocol.gi.Detection;
import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.GoodbyeReason;
import io.interpose.protocol.gi.GuestStatus;
import io.interpose.protocol.gi.PartnerFrame;
import io.interpose.protocol.gi.Protection;
import io.interpose.protocol.gi.ProtectionSync;
import io.interpose.protocol.gi.Query;
import io.interpose.protocol.gi.Remediation;
import io.interpose.protocol.gi.ServiceHealth;
import io.interpose.protocol.gi.ServiceHello;
import io.interpose.protocol.gi.SubscriptionMode;
import io.interpose.protocol.gi.Unprotection;
import io.interpose.sdk.ProtectedVm;
import io.interpose.sdk.Subscription;
import io.interpose.sdk.SvmEnvironment;
import io.interpose.sdk.Verdict;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Context MUX for partners' unit tests: a real TLS server on a loopback port speaking the MUX side of
 * the partner link (docs/gi-protocol.md), with its own CA and a certificate for its host id. Point the SDK
 * at {@link #environment()} (or {@link #writeEnvironment}); then protect VMs, inject events and read the
 * verdicts, answer the SVM's queries with a {@link GuestResponder} (by default {@link #guests()}), and see
 * what the SVM reported.
 *
 * <p>Like the real MUX it sends events only for protected VMs and subscribed types (injecting others fails
 * the future with {@link IllegalStateException}, so a test learns at once), refuses requests for VMs it does
 * not protect ({@code PERMISSION_DENIED}) or whose guest is disconnected ({@code UNAVAILABLE}), and keeps one
 * SVM connection (a new one replaces the old). It never sends heartbeats of its own; it answers the SVM's.
 * Thread-safe.
 */
public final class FakeMux implements AutoCloseable {
    public static final String DEPLOYMENT_ID = "deployment-1";
    public static final String CREDENTIAL = "svm-token-for-tests";
    private static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(1);

    private final String hostId;
    private final List<Integer> supportedVersions;
    private final Duration heartbeatInterval;
    private final FakeMuxPki pki;
    private final MuxListener listener;
    private final Map<String, Protection> protectedVms = new LinkedHashMap<>();
    private final List<ServiceHello> hellos = new CopyOnWriteArrayList<>();
    private final List<Detection> detections = new CopyOnWriteArrayList<>();
    private final List<ServiceHealth> healthReports = new CopyOnWriteArrayList<>();
    private final GuestSide guestSide = new GuestSide(this::protection);
    private Map<io.interpose.protocol.gi.EventType, SubscriptionMode> subscriptions = Map.of();
    private boolean subscribed;
    private MuxSession session;
    private int sessionsStarted;
    private int unexpectedVerdicts;
    private volatile boolean readingPaused;

    private FakeMux(Builder builder) throws IOException {
        this.hostId = builder.hostId;
        this.supportedVersions = List.copyOf(builder.supportedVersions);
        this.heartbeatInterval = builder.heartbeatInterval;
        this.pki = new FakeMuxPki(builder.certificateCommonName);
        this.listener = new MuxListener(pki.serverContext(), this);
    }

    /** A fake MUX for host {@code hostId}, speaking protocol version 1, listening already. */
    public static FakeMux start(String hostId) throws IOException {
        return builder(hostId).start();
    }

    public static Builder builder(String hostId) {
        return new Builder(hostId);
    }

    public String hostId() {
        return hostId;
    }

    public InetSocketAddress address() {
        return listener.address();
    }

    /** What the SDK needs to connect here: this MUX's CA, address and host id, and the credential it accepts. */
    public SvmEnvironment environment() {
        return SvmEnvironment.of(environmentProperties(Map.of()), Map.of());
    }

    /** Writes an {@code ovf-env.xml} holding {@link #environment()} and {@code extra} properties (template attributes). */
    public Path writeEnvironment(Path file, Map<String, String> extra) throws IOException {
        return OvfEnvironmentFile.write(file, environmentProperties(extra));
    }

    private Map<String, String> environmentProperties(Map<String, String> extra) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(SvmEnvironment.DEPLOYMENT_ID, DEPLOYMENT_ID);
        properties.put(SvmEnvironment.HOST_ID, hostId);
        properties.put(SvmEnvironment.SVM_TOKEN, CREDENTIAL);
        properties.put(SvmEnvironment.CA_CERTIFICATE, OvfEnvironmentFile.base64(pki.ca()));
        properties.put(SvmEnvironment.MUX_ADDRESS, "127.0.0.1:" + address().getPort());
        properties.putAll(extra);
        return properties;
    }

    // ---- protection

    /** Protects (or re-profiles) a VM, telling the SVM at once if connected. */
    public void protect(ProtectedVm vm) {
        Protection protection = Protection.newBuilder().setVmId(vm.vmId()).setVmName(vm.vmName()).setProfileId(vm.profileId())
                .setVendorTemplateKey(vm.vendorTemplateKey()).putAllAttributes(vm.attributes()).setGuestConnected(vm.guestConnected())
                .setOsFamily(vm.osFamily()).build();
        MuxSession current;
        synchronized (this) {
            protectedVms.put(vm.vmId(), protection);
            current = session;
        }
        sendIfEstablished(current, PartnerFrame.newBuilder().setProtection(protection).build());
    }

    /** Protects {@code vmId} (named after it, guest connected, Linux) with a profile of {@code vendorTemplateKey}. */
    public void protect(String vmId, String vendorTemplateKey, Map<String, String> attributes) {
        protect(new ProtectedVm(vmId, vmId, "profile-" + vendorTemplateKey.toLowerCase(Locale.ROOT), vendorTemplateKey,
                attributes, true, io.interpose.protocol.gi.OsFamily.LINUX));
    }

    public void unprotect(String vmId) {
        MuxSession current;
        synchronized (this) {
            protectedVms.remove(vmId);
            current = session;
        }
        sendIfEstablished(current, PartnerFrame.newBuilder().setUnprotection(Unprotection.newBuilder().setVmId(vmId)).build());
    }

    /** Forgets {@code vmId} without telling the SVM, as if it left while the SVM was away (for sync tests). */
    public synchronized void forget(String vmId) {
        protectedVms.remove(vmId);
    }

    /** The thin agent of a protected VM connected or disconnected. */
    public void guestStatus(String vmId, boolean connected) {
        MuxSession current;
        synchronized (this) {
            protectedVms.computeIfPresent(vmId, (id, p) -> p.toBuilder().setGuestConnected(connected).build());
            current = session;
        }
        sendIfEstablished(current, PartnerFrame.newBuilder().setGuestStatus(GuestStatus.newBuilder().setVmId(vmId).setConnected(connected)
                .setAgentVersion("fake-agent")).build());
    }

    // ---- events

    /** Sends {@code event} awaiting a verdict (deadline 1 s unless the event sets one); the future completes with the SVM's verdict. */
    public CompletableFuture<Verdict> decide(Event event) {
        Duration deadline = event.getDeadlineMs() == 0 ? DEFAULT_DEADLINE : Duration.ofMillis(event.getDeadlineMs());
        return deliverable(event, SubscriptionMode.DECIDE).map(s -> s.sendEvent(event, true, deadline))
                .orElseGet(() -> CompletableFuture.failedFuture(new IllegalStateException(whyNot(event, SubscriptionMode.DECIDE))));
    }

    /**
     * {@link #decide} and wait.
     *
     * @throws AssertionError if no verdict comes within {@code timeout}, or the event cannot be delivered
     */
    public Verdict verdict(Event event, Duration timeout) {
        try {
            return decide(event).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no verdict for " + event.getType() + " within " + timeout);
        } catch (ExecutionException e) {
            throw new AssertionError("no verdict for " + event.getType() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /**
     * Sends {@code event} as a notification (nothing awaited).
     *
     * @throws IllegalStateException if the VM is not protected, the type not subscribed, or no SVM connected
     */
    public void notify(Event event) {
        deliverable(event, SubscriptionMode.NOTIFY).orElseThrow(() -> new IllegalStateException(whyNot(event, SubscriptionMode.NOTIFY)))
                .sendEvent(event, false, Duration.ZERO);
    }

    /** Sends many notifications in one flush (for load tests); checks only the connection. */
    public void notifyAll(List<Event> events) {
        MuxSession current = established().orElseThrow(() -> new IllegalStateException("no SVM connected"));
        List<PartnerFrame> frames = new ArrayList<>(events.size());
        events.forEach(e -> frames.add(PartnerFrame.newBuilder().setEvent(e).build()));
        current.sendAll(frames);
    }

    // ---- what the SVM said

    /** The SVM's current subscriptions (empty before its first Subscribe). */
    public synchronized Set<Subscription> subscriptions() {
        Set<Subscription> result = new HashSet<>();
        subscriptions.forEach((type, mode) -> result.add(new Subscription(type, mode)));
        return result;
    }

    /**
     * Waits until an SVM is connected and has subscribed.
     *
     * @throws AssertionError after {@code timeout}
     */
    public synchronized Set<Subscription> awaitSubscribed(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (session == null || !subscribed) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no SVM connected and subscribed within " + timeout);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return subscriptions();
    }

    public synchronized boolean connected() {
        return session != null;
    }

    /** How many sessions were established (Welcomes sent) so far. */
    public synchronized int sessionsStarted() {
        return sessionsStarted;
    }

    /** Verdicts for unknown or already answered event ids. */
    public synchronized int unexpectedVerdicts() {
        return unexpectedVerdicts;
    }

    public List<ServiceHello> hellos() {
        return List.copyOf(hellos);
    }

    public List<Query> queries() {
        return guestSide.queries();
    }

    public List<Remediation> remediations() {
        return guestSide.remediations();
    }

    public List<Detection> detections() {
        return List.copyOf(detections);
    }

    public List<ServiceHealth> healthReports() {
        return List.copyOf(healthReports);
    }

    /** The last health the SVM reported. */
    public Optional<ServiceHealth> health() {
        List<ServiceHealth> reports = healthReports();
        return reports.isEmpty() ? Optional.empty() : Optional.of(reports.get(reports.size() - 1));
    }

    // ---- guests

    /** The in-memory guests that answer queries unless {@link #respondWith} replaced them. */
    public FakeGuests guests() {
        return guestSide.guests();
    }

    public void respondWith(GuestResponder guestResponder) {
        guestSide.respondWith(guestResponder);
    }

    // ---- faults

    /** Closes the SVM's connection without a Goodbye, as a crash would. */
    public void dropConnection() {
        established().ifPresent(s -> s.close(null));
    }

    /** Stops listening and drops the connection, then listens again on the same port (a MUX restart). */
    public void restart() throws IOException {
        listener.close();
        synchronized (this) {
            Optional.ofNullable(session).ifPresent(s -> s.close(null));
        }
        listener.rebind();
    }

    /**
     * Stops (or resumes) reading what the SVM sends, as a MUX that hangs would: the SVM's socket fills up
     * and its writes block. Frames the fake MUX sends still go out.
     */
    public void pauseReading(boolean paused) {
        readingPaused = paused;
    }

    boolean readingPaused() {
        return readingPaused;
    }

    /** Writes {@code body} as one frame (length prefix added), whatever it holds. */
    public void sendFrameBytes(byte[] body) {
        byte[] framed = new byte[body.length + 4];
        java.nio.ByteBuffer.wrap(framed).putInt(body.length).put(body);
        sendBytes(framed);
    }

    /** Writes raw bytes on the connection, framing or not. */
    public void sendBytes(byte[] bytes) {
        established().orElseThrow(() -> new IllegalStateException("no SVM connected")).sendRaw(bytes);
    }

    @Override
    public void close() {
        listener.close();
        established().ifPresent(s -> s.close(MuxSession.goodbye(GoodbyeReason.SHUTDOWN, "fake MUX closing")));
    }

    // ---- called by sessions

    List<Integer> supportedVersions() {
        return supportedVersions;
    }

    Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    void helloReceived(ServiceHello hello) {
        hellos.add(hello);
    }

    boolean accepts(ServiceHello hello) {
        return hello.getHostId().equals(hostId) && hello.getDeploymentId().equals(DEPLOYMENT_ID) && hello.getCredential().equals(CREDENTIAL);
    }

    void established(MuxSession started) {
        List<PartnerFrame> set = new ArrayList<>();
        MuxSession old;
        synchronized (this) {
            old = session;
            session = started;
            subscribed = false;
            subscriptions = Map.of();
            sessionsStarted++;
            protectedVms.values().forEach(p -> set.add(PartnerFrame.newBuilder().setProtection(p).build()));
            set.add(PartnerFrame.newBuilder().setProtectionSync(ProtectionSync.newBuilder().setProtectedVms(protectedVms.size())).build());
            started.sendAll(set);
            notifyAll();
        }
        if (old != null) {
            old.close(MuxSession.goodbye(GoodbyeReason.REPLACED, "a newer connection replaced this one"));
        }
    }

    synchronized void ended(MuxSession ended) {
        if (session == ended) {
            session = null;
            subscribed = false;
            notifyAll();
        }
    }

    void received(MuxSession from, PartnerFrame frame) {
        switch (frame.getBodyCase()) {
            case SUBSCRIBE -> subscribed(frame.getSubscribe());
            case VERDICT -> from.verdictReceived(frame.getVerdict());
            case QUERY -> from.send(PartnerFrame.newBuilder().setQueryResult(guestSide.answer(frame.getQuery())).build());
            case REMEDIATION -> from.send(PartnerFrame.newBuilder().setRemediationResult(guestSide.answer(frame.getRemediation())).build());
            case HEALTH -> healthReports.add(frame.getHealth());
            case DETECTION -> detections.add(frame.getDetection());
            case HEARTBEAT -> heartbeat(from, frame.getHeartbeat());
            case GOODBYE -> from.close(null);
            default -> from.close(MuxSession.goodbye(GoodbyeReason.PROTOCOL_ERROR, "unexpected " + frame.getBodyCase()));
        }
    }

    synchronized void unexpectedVerdict(io.interpose.protocol.gi.Verdict verdict) {
        unexpectedVerdicts++;
    }

    private synchronized void subscribed(io.interpose.protocol.gi.Subscribe subscribe) {
        Map<io.interpose.protocol.gi.EventType, SubscriptionMode> modes = new LinkedHashMap<>();
        subscribe.getSubscriptionsList().forEach(s -> modes.put(s.getType(), s.getMode()));
        subscriptions = Map.copyOf(modes);
        subscribed = true;
        notifyAll();
    }

    private static void heartbeat(MuxSession from, io.interpose.protocol.gi.Heartbeat heartbeat) {
        if (!heartbeat.getReply()) {
            from.send(PartnerFrame.newBuilder().setHeartbeat(heartbeat.toBuilder().setReply(true)).build());
        }
    }

    private synchronized Optional<Protection> protection(String vmId) {
        return Optional.ofNullable(protectedVms.get(vmId));
    }

    private synchronized Optional<MuxSession> deliverable(Event event, SubscriptionMode mode) {
        boolean ok = session != null && protectedVms.containsKey(event.getVmId()) && subscriptions.get(event.getType()) == mode;
        return ok ? Optional.of(session) : Optional.empty();
    }

    private synchronized String whyNot(Event event, SubscriptionMode mode) {
        if (session == null) {
            return "no SVM connected";
        }
        if (!protectedVms.containsKey(event.getVmId())) {
            return "VM " + event.getVmId() + " is not protected";
        }
        return "the SVM subscribed to " + event.getType() + " as " + subscriptions.get(event.getType()) + ", not " + mode;
    }

    private synchronized Optional<MuxSession> established() {
        return Optional.ofNullable(session);
    }

    private static void sendIfEstablished(MuxSession session, PartnerFrame frame) {
        if (session != null) {
            session.send(frame);
        }
    }

    /** Settings of a fake MUX. */
    public static final class Builder {
        private final String hostId;
        private String certificateCommonName;
        private List<Integer> supportedVersions = List.of(1);
        private Duration heartbeatInterval = Duration.ofSeconds(5);

        private Builder(String hostId) {
            this.hostId = hostId;
            this.certificateCommonName = hostId;
        }

        /** The CN of the MUX's certificate; another than the host id makes the SDK refuse this MUX. */
        public Builder certificateCommonName(String cn) {
            this.certificateCommonName = cn;
            return this;
        }

        /** The protocol versions this MUX speaks (default 1). */
        public Builder supportedVersions(Integer... versions) {
            this.supportedVersions = List.of(versions);
            return this;
        }

        /** The heartbeat interval the Welcome announces (default 5 s). */
        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = interval;
            return this;
        }

        public FakeMux start() throws IOException {
            FakeMux mux = new FakeMux(this);
            mux.listener.rebind();
            return mux;
        }
    }
}
