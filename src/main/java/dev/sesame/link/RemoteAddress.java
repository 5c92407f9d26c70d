package dev.sesame.link;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** A host and port as seen on a connection, printed {@code host:port} or {@code [v6]:port}. */
public record RemoteAddress(InetAddress host, int port) {
    public static RemoteAddress of(InetSocketAddress address) {
        return new RemoteAddress(address.getAddress(), address.getPort());
    }

    /** The host as a literal, without brackets or scope. */
    public String hostLiteral() {
        String literal = host.getHostAddress();
        int scope = literal.indexOf('%');
        return scope < 0 ? literal : literal.substring(0, scope);
    }

    @Override
    public String toString() {
        String literal = hostLiteral();
        return (literal.indexOf(':') >= 0 ? "[" + literal + "]" : literal) + ":" + port;
    }
}
