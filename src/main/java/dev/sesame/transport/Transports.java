package dev.sesame.transport;

import dev.sesame.limits.Limits;
import dev.sesame.wire.Endpoint;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Several transports as one: a dial goes to the first that can dial the endpoint. Thread-safe. */
public final class Transports implements Transport {
    private final List<Transport> transports;

    public Transports(List<Transport> transports) {
        this.transports = List.copyOf(transports);
    }

    @Override
    public boolean canDial(Endpoint endpoint) {
        return transports.stream().anyMatch(t -> t.canDial(endpoint));
    }

    @Override
    public Pipe dial(Endpoint endpoint) throws TransportException {
        for (Transport t : transports) {
            if (t.canDial(endpoint)) return t.dial(endpoint);
        }
        throw new TransportException(TransportException.Reason.UNSUPPORTED, "no transport dials " + endpoint.kind() + " endpoints");
    }

    @Override
    public void start(Incoming incoming) throws IOException {
        for (Transport t : transports) t.start(incoming);
    }

    /** Every transport's endpoints, in order, at most {@link Limits#MAX_ENDPOINTS}. */
    @Override
    public List<Endpoint> reachableAt() {
        List<Endpoint> all = new ArrayList<>();
        for (Transport t : transports) all.addAll(t.reachableAt());
        return List.copyOf(all.subList(0, Math.min(all.size(), Limits.MAX_ENDPOINTS)));
    }

    @Override
    public void close() {
        for (Transport t : transports) t.close();
    }
}
