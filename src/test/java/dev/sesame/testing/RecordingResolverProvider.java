package dev.sesame.testing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Test-only name resolver (installed for the unit-test JVM through META-INF/services): every
 * name ending in {@link #SUFFIX} resolves, without any network, to 192.0.2.55 (TEST-NET-1) and
 * is recorded, so a test can tell whether code under test looked a name up. Every other name
 * and every address goes to the JDK's own resolver unchanged.
 */
public final class RecordingResolverProvider extends InetAddressResolverProvider {
    /** Only hexadecimal letters and dots, so it passes a "looks like an IP literal" character check. */
    public static final String SUFFIX = ".dead.beef";
    public static final List<String> LOOKUPS = new CopyOnWriteArrayList<>();

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                if (host.toLowerCase(java.util.Locale.ROOT).endsWith(SUFFIX)) {
                    LOOKUPS.add(host);
                    return Stream.of(InetAddress.getByAddress(host, new byte[] {(byte) 192, 0, 2, 55}));
                }
                return builtin.lookupByName(host, policy);
            }

            @Override
            public String lookupByAddress(byte[] address) throws UnknownHostException {
                return builtin.lookupByAddress(address);
            }
        };
    }

    @Override
    public String name() {
        return "sesame-test-recording-resolver";
    }
}
