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

    /**
     * Every transport's endpoints, at most {@link Limits#MAX_ENDPOINTS}: taken in turns (each
     * transport's first, then each one's second...), so that a listener with several interface
     * addresses never crowds out the relayed or onion endpoint.
     */
    @Override
    public List<Endpoint> reachableAt() {
        List<List<Endpoint>> each = transports.stream().map(Transport::reachableAt).toList();
        List<Endpoint> all = new ArrayList<>();
        for (int round = 0; all.size() < Limits.MAX_ENDPOINTS; round++) {
            boolean any = false;
            for (List<Endpoint> endpoints : each) {
                if (round >= endpoints.size()) continue;
                any = true;
                if (all.size() < Limits.MAX_ENDPOINTS && !all.contains(endpoints.get(round))) all.add(endpoints.get(round));
            }
            if (!any) break;
        }
        return List.copyOf(all);
    }

    @Override
    public void close() {
        for (Transport t : transports) t.close();
    }
}
