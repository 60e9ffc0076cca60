package dev.leakwatch.cli.agent;

import java.net.InetSocketAddress;
import java.util.Locale;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code HOST:PORT} (an IPv6 host in brackets), {@code :PORT} for every interface, or {@code off}, which converts to null. */
public final class MetricsAddressConverter implements ITypeConverter<InetSocketAddress> {

    @Override
    public InetSocketAddress convert(String value) {
        return parse(value);
    }

    public static InetSocketAddress parse(String value) {
        final String text = value.trim();
        if (text.toLowerCase(Locale.ROOT).equals("off") || text.toLowerCase(Locale.ROOT).equals("none")) {
            return null;
        }
        final int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new TypeConversionException("'" + value + "' is not HOST:PORT, :PORT or off (e.g. 0.0.0.0:9469 or 127.0.0.1:9469)");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        final int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' has no port number after the last ':'");
        }
        if (port < 0 || port > 65535) {
            throw new TypeConversionException("port " + port + " of '" + value + "' is not between 0 and 65535");
        }
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }
}
