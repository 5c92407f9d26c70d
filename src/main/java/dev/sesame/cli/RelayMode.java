package dev.sesame.cli;

import dev.sesame.limits.Limits;
import dev.sesame.os.ProcessHardening;
import dev.sesame.relay.RelayServer;
import dev.sesame.relay.RelayStats;
import dev.sesame.util.Clock;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs {@code sesame relay} until the process is stopped: binds, prints the relay's fingerprint
 * and the option members pin it with, then a line of counts whenever they change (never a room
 * hash, a member id or an address: {@code docs/SECURITY.md}, "Relay").
 */
final class RelayMode {
    private RelayMode() {}

    static int run(RelayOptions options, PrintStream out, PrintStream err) {
        if (options.port < 0 || options.port > 65535) {
            err.println("sesame relay: --port must be between 0 and 65535, not " + options.port);
            return App.USAGE;
        }
        InetSocketAddress bind;
        try {
            bind = options.bind == null ? new InetSocketAddress(options.port)
                    : new InetSocketAddress(InetAddress.getByName(options.bind), options.port);
        } catch (UnknownHostException e) {
            err.println("sesame relay: --bind: unknown address " + options.bind);
            return App.USAGE;
        }
        ProcessHardening.Report hardening = ProcessHardening.apply();
        hardening.failed().forEach(f -> err.println("sesame relay: warning: " + f));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("timer").factory());
        RelayServer server;
        try {
            server = RelayServer.bind(bind, new SecureRandom(), Clock.SYSTEM, timer);
        } catch (IOException e) {
            err.println("sesame relay: cannot listen on port " + options.port + ": " + e.getMessage() + " (try --port)");
            return 1;
        }
        server.start();
        String host = options.bind == null ? "HOST" : options.bind;
        out.println("sesame relay: listening on port " + server.port());
        out.println("sesame relay: fingerprint " + server.fingerprint().text());
        out.println("sesame relay: members use --relay " + host + ":" + server.port() + "#" + server.fingerprint().text());
        out.flush();
        AtomicReference<RelayStats> last = new AtomicReference<>();
        timer.scheduleAtFixedRate(() -> {
            RelayStats now = server.stats();
            if (!now.equals(last.getAndSet(now))) {
                out.println(now.line());
                out.flush();
            }
        }, 0, Limits.RELAY_CONSOLE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(server::close));
        try {
            forever.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
