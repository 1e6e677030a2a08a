package dev.gantry.support.redis.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for Redis nodes. A cluster node also listens on its port + 10000 (the cluster bus), so a
 * port is only handed out when that one is free too, and never above 55535.
 */
public final class LoopbackPorts {

    private static final int BUS_OFFSET = 10_000;

    private LoopbackPorts() {
    }

    /** {@code count} ports, each free with its cluster bus port, chosen at random in 20000–55535. */
    public static int[] freeWithBusPorts(int count) {
        int[] ports = new int[count];
        int found = 0;
        for (int attempt = 0; attempt < 10_000 && found < count; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(20_000, 55_535);
            if (contains(ports, found, candidate) || contains(ports, found, candidate + BUS_OFFSET)
                    || contains(ports, found, candidate - BUS_OFFSET)) {
                continue;
            }
            if (isFree(candidate) && isFree(candidate + BUS_OFFSET)) {
                ports[found++] = candidate;
            }
        }
        if (found < count) {
            throw new IllegalStateException("found only " + found + " of " + count + " free ports");
        }
        return ports;
    }

    private static boolean contains(int[] ports, int size, int port) {
        for (int i = 0; i < size; i++) {
            if (ports[i] == port) {
                return true;
            }
        }
        return false;
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
