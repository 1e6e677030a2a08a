package dev.gantry.watcher.deployer;

/** Where the proxies find xds-service. */
public record XdsAddress(String host, int port) {

    public static XdsAddress parse(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostAndPort.length() - 1) {
            throw new IllegalArgumentException("gantry.deployer.xds-address must be host:port, got '" + hostAndPort + "'");
        }
        int port;
        try {
            port = Integer.parseInt(hostAndPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("gantry.deployer.xds-address has a bad port: '" + hostAndPort + "'", e);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("gantry.deployer.xds-address port out of range: '" + hostAndPort + "'");
        }
        return new XdsAddress(hostAndPort.substring(0, colon), port);
    }
}
