package dev.leakwatch.agent;

import java.time.Instant;

import dev.leakwatch.schema.ProcessSample;

/**
 * Runs one tick of the sampler over /proc and prints what it saw, one line per process and one line
 * of permission errors per file. {@link NonRootAgentTest} runs it as an unprivileged user.
 */
public final class NonRootProbe {
    private NonRootProbe() {
    }

    public static void main(String[] args) throws Exception {
        final ProcessSampler sampler = new ProcessSampler(AgentSettings.defaults().withHostName("probe"));
        for (ProcessSample sample : sampler.sample(Instant.now())) {
            System.out.println("sample pid=" + sample.getPid() + " uid=" + sample.getUid() + " rss=" + sample.getRssBytes()
                    + " threads=" + sample.getThreads() + " fds=" + sample.getFdCount() + " fd_limit=" + sample.getFdLimit()
                    + " tcp=" + (sample.getTcp() == null ? "unknown" : "known") + " cmdline=" + (sample.getCmdline() != null));
        }
        for (ProcFile file : ProcFile.values()) {
            System.out.println("denied " + file.label() + "=" + sampler.errors().permissionDenied(file));
        }
        System.out.println("self " + ProcessHandle.current().pid());
    }
}
