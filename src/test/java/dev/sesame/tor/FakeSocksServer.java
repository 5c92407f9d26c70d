package dev.sesame.tor;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * An in-process SOCKS5 server on 127.0.0.1 for one connection: it records exactly what the
 * client asked for (method, credentials, address type, name) and answers with the bytes the
 * test scripts, well-formed or not.
 */
final class FakeSocksServer implements AutoCloseable {
    record Request(int method, String username, String password, int addressType, String host, int port) {}

    /** Builds the server's replies from what it received. */
    interface Script {
        byte[] methodReply(int offered);
        default byte[] authReply() { return new byte[] {1, 0}; }
        byte[] connectReply();
    }

    private final ServerSocket server;
    final CompletableFuture<Request> request = new CompletableFuture<>();

    FakeSocksServer(Script script) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("fake-socks").start(() -> serve(script));
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve(Script script) {
        try (Socket socket = server.accept()) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            if (in.readUnsignedByte() != 5) throw new IOException("not SOCKS5");
            int methods = in.readUnsignedByte();
            int method = -1;
            for (int i = 0; i < methods; i++) method = in.readUnsignedByte();
            byte[] reply = script.methodReply(method);
            out.write(reply);
            out.flush();
            String user = null;
            String pass = null;
            if (reply.length == 2 && reply[1] == 2) {
                in.readUnsignedByte();
                user = string(in, in.readUnsignedByte());
                pass = string(in, in.readUnsignedByte());
                out.write(script.authReply());
                out.flush();
            }
            if (reply.length != 2 || reply[1] == (byte) 0xFF) return;
            in.readUnsignedByte(); // version
            in.readUnsignedByte(); // command
            in.readUnsignedByte(); // reserved
            int atyp = in.readUnsignedByte();
            String host = atyp == 3 ? string(in, in.readUnsignedByte()) : "atyp-" + atyp;
            int port = in.readUnsignedShort();
            request.complete(new Request(method, user, pass, atyp, host, port));
            out.write(script.connectReply());
            out.flush();
            socket.shutdownOutput();
            InputStream rest = socket.getInputStream();
            rest.read();
        } catch (IOException e) {
            request.completeExceptionally(e);
        }
    }

    private static String string(DataInputStream in, int length) throws IOException {
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
