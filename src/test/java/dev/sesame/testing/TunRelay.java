package dev.sesame.testing;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A user-space "wire" between network namespaces, for fault tests on real processes: this
 * kernel has no netem qdisc, so packets are carried here instead. Each attached TUN device
 * (created here, then moved into its namespace by the caller) is one host; every IPv4 packet
 * one host sends is read from its device, dropped with probability {@link #loss}, dropped if
 * the two hosts are partitioned, else written to the destination host's device after
 * {@code delay ± jitter}. TCP in the namespaces sees real loss, delay, reordering and silence.
 *
 * <p>Linux only (TUN ioctl through the FFM API); needs CAP_NET_ADMIN. Packets to addresses no
 * host owns are dropped.
 */
public final class TunRelay implements AutoCloseable {
    private static final long TUNSETIFF = 0x400454caL;
    private static final short IFF_TUN = 0x0001;
    private static final short IFF_NO_PI = 0x1000;
    private static final int O_RDWR = 2;
    private static final short POLLIN = 1;
    private static final int MAX_PACKET = 65536;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle OPEN = libc("open", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
            ValueLayout.JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle IOCTL = libc("ioctl", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
            ValueLayout.JAVA_LONG, ValueLayout.ADDRESS), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle POLL = libc("poll", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
            ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle READ = libc("read", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle WRITE = libc("write", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle CLOSE = libc("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    /** One host: its TUN device and the IPv4 address it owns (as an int). */
    private record Host(String device, int fd, int address) {}

    private final List<Host> hosts = new ArrayList<>();
    private final Map<Integer, Host> byAddress = new ConcurrentHashMap<>();
    private final Set<String> partitioned = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService wire = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("tun-relay-wire").factory());
    private final List<Thread> readers = new ArrayList<>();
    private final Random random = new Random(20261201);
    private final AtomicLong carried = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean running = true;
    private volatile double loss;
    private volatile long delayMillis;
    private volatile long jitterMillis;

    /** Creates a TUN device named {@code device} in this process's namespace for the host at {@code ipv4}. */
    public void addHost(String device, String ipv4) {
        int fd = openTun(device);
        Host host = new Host(device, fd, address(ipv4));
        hosts.add(host);
        byAddress.put(host.address(), host);
    }

    /** Starts carrying packets. */
    public void start() {
        for (Host host : hosts) {
            readers.add(Thread.ofPlatform().daemon().name("tun-relay-" + host.device()).start(() -> carry(host)));
        }
    }

    /** Loss probability (0..1), one-way delay and its uniform jitter, from now on. */
    public void impair(double loss, long delayMillis, long jitterMillis) {
        this.loss = loss;
        this.delayMillis = delayMillis;
        this.jitterMillis = jitterMillis;
    }

    /** Drops every packet between {@code a} and {@code b} (both directions) until {@link #heal}. */
    public void partition(String a, String b) {
        partitioned.add(pair(address(a), address(b)));
    }

    public void heal() {
        partitioned.clear();
    }

    public long carried() {
        return carried.get();
    }

    public long dropped() {
        return dropped.get();
    }

    private void carry(Host from) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(MAX_PACKET);
            MemorySegment pollFd = arena.allocate(8);
            while (running) {
                pollFd.set(ValueLayout.JAVA_INT, 0, from.fd());
                pollFd.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
                pollFd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
                int ready = (int) POLL.invokeExact(pollFd, 1L, 200);
                if (ready <= 0) continue;
                long n = (long) READ.invokeExact(from.fd(), buffer, (long) MAX_PACKET);
                if (n < 20) continue;
                byte[] packet = buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
                route(from, packet);
            }
        } catch (Throwable e) {
            if (running) throw new IllegalStateException("TUN relay failed on " + from.device(), e);
        }
    }

    private void route(Host from, byte[] packet) {
        if ((packet[0] >> 4) != 4) return; // IPv4 only (the kernel's IPv6 chatter is not ours)
        int destination = ((packet[16] & 0xff) << 24) | ((packet[17] & 0xff) << 16) | ((packet[18] & 0xff) << 8) | (packet[19] & 0xff);
        Host to = byAddress.get(destination);
        if (to == null) return;
        boolean lost;
        long delay;
        synchronized (random) {
            lost = random.nextDouble() < loss;
            long jitter = jitterMillis;
            delay = Math.max(0, delayMillis + (jitter == 0 ? 0 : random.nextLong(-jitter, jitter + 1)));
        }
        if (lost || partitioned.contains(pair(from.address(), destination))) {
            dropped.incrementAndGet();
            return;
        }
        wire.schedule(() -> deliver(from, to, packet), delay, TimeUnit.MILLISECONDS);
    }

    private void deliver(Host from, Host to, byte[] packet) {
        // Checked again on arrival: a partition also cuts what was already on the wire.
        if (!running) return;
        if (partitioned.contains(pair(from.address(), to.address()))) {
            dropped.incrementAndGet();
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocateFrom(ValueLayout.JAVA_BYTE, packet);
            long written = (long) WRITE.invokeExact(to.fd(), out, (long) packet.length);
            if (written == packet.length) carried.incrementAndGet();
            else dropped.incrementAndGet();
        } catch (Throwable e) {
            dropped.incrementAndGet();
        }
    }

    private static String pair(int a, int b) {
        return Math.min(a, b) + "-" + Math.max(a, b);
    }

    private static int address(String ipv4) {
        String[] parts = ipv4.split("\\.");
        int value = 0;
        for (String part : parts) value = (value << 8) | Integer.parseInt(part);
        return value;
    }

    private static int openTun(String device) {
        if (device.length() > 15) throw new IllegalArgumentException("interface names have at most 15 characters");
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) OPEN.invokeExact(arena.allocateFrom("/dev/net/tun"), O_RDWR);
            if (fd < 0) throw new IllegalStateException("cannot open /dev/net/tun");
            MemorySegment ifreq = arena.allocate(40);
            MemorySegment name = arena.allocateFrom(device);
            MemorySegment.copy(name, 0, ifreq, 0, name.byteSize());
            ifreq.set(ValueLayout.JAVA_SHORT, 16, (short) (IFF_TUN | IFF_NO_PI));
            int result = (int) IOCTL.invokeExact(fd, TUNSETIFF, ifreq);
            if (result < 0) {
                int ignored = (int) CLOSE.invokeExact(fd);
                throw new IllegalStateException("TUNSETIFF failed for " + device + " (needs CAP_NET_ADMIN)");
            }
            return fd;
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static MethodHandle libc(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor, options);
    }

    @Override
    public void close() {
        running = false;
        for (Thread reader : readers) {
            try {
                reader.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        wire.shutdownNow();
        for (Host host : hosts) {
            try {
                int ignored = (int) CLOSE.invokeExact(host.fd());
            } catch (Throwable e) {
                // closing at the end of a test: nothing to do about it
            }
        }
    }
}
