package dev.leakwatch.sim.scenario;

/**
 * Resource levels of one process at one instant, as real numbers before noise, rounding and
 * limits. The simulation sets the profile's baseline; a behaviour adds its shape on top.
 */
public final class Levels {
    public double rss;
    public double files;
    public double threads;
    public double established;
    public double closeWait;
    public double listen;
    public double synRecv;

    /** Every fd the process holds: plain files and pipes plus one per socket. */
    public double fds() {
        return files + established + closeWait + listen + synRecv;
    }
}
