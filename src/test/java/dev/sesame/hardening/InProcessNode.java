package dev.sesame.hardening;

import dev.sesame.chat.ChatEvent;
import dev.sesame.chat.ChatService;
import dev.sesame.chat.DisplayNameStore;
import dev.sesame.crypto.Secret;
import dev.sesame.limits.Limits;
import dev.sesame.link.Connector;
import dev.sesame.link.Identity;
import dev.sesame.link.TlsContext;
import dev.sesame.link.TrafficShape;
import dev.sesame.wire.HostPort;
import dev.sesame.mesh.Mesh;
import dev.sesame.mesh.MeshConfig;
import dev.sesame.util.Clock;
import java.io.IOException;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A chat node inside the test JVM, wired as {@code cli.App} wires one (mesh factory, chat
 * service), so that a test can look at this process's secret memory around a panic.
 */
final class InProcessNode implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    final ChatService chat;
    private final List<ChatEvent> events = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("test-timer").factory());

    InProcessNode(Secret phraseKey, int port, List<String> peers, boolean rotateOnPanic, Runnable panicExit) {
        List<HostPort> dial = peers.stream().map(p -> HostPort.parse(p).orElseThrow()).toList();
        MeshConfig config = new MeshConfig(Optional.of(InetAddress.getLoopbackAddress()), port, dial,
                Limits.DEFAULT_MAX_PEERS, Limits.DEFAULT_MAX_LINKS_PER_ADDRESS, Limits.DEFAULT_DELIVERY_TIMEOUT, Optional.empty(), true);
        TrafficShape shape = TrafficShape.defaults();
        ChatService.MeshFactory meshes = sink -> {
            Identity identity = Identity.generate(RANDOM);
            TlsContext tls = new TlsContext(identity, RANDOM);
            Mesh[] self = new Mesh[1];
            Connector connector = new Connector(identity, tls, phraseKey, () -> self[0].ownEndpoints(), shape, RANDOM, timer);
            self[0] = new Mesh(config, identity, connector, shape, Clock.SYSTEM, RANDOM, timer, sink);
            return self[0];
        };
        chat = new ChatService(new ChatService.Settings("real", shape, Optional.empty(), rotateOnPanic, true, List.of()),
                meshes, DisplayNameStore.disabled(), Optional.empty(), this::record, timer, panicExit);
    }

    InProcessNode start() throws IOException {
        chat.start();
        return this;
    }

    private synchronized void record(ChatEvent event) {
        events.add(event);
        notifyAll();
    }

    synchronized int mark() {
        return events.size();
    }

    @SuppressWarnings("unchecked")
    <T extends ChatEvent> T await(Class<T> type, Predicate<T> test, int from) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        synchronized (this) {
            while (true) {
                for (int i = from; i < events.size(); i++) {
                    if (type.isInstance(events.get(i)) && test.test((T) events.get(i))) return (T) events.get(i);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new AssertionError("no " + type.getSimpleName() + " in " + events);
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    String listen() {
        return await(ChatEvent.Ready.class, r -> true, 0).listen();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
