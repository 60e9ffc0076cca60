package dev.leakwatch.sim.scenario;

import java.util.List;
import java.util.SplittableRandom;

import dev.leakwatch.schema.Resource;
import dev.leakwatch.sim.Scenario;

/**
 * The leaks. Each one's rate is derived from a drawn leak life (onset to exhaustion) and the
 * process's real limit, so the labelled exhaustion time is where the noiseless trend meets the limit.
 */
final class LeakBehaviours {
    private LeakBehaviours() {
    }

    /** A leak of one resource that starts {@code onset} seconds after each start and exhausts {@code life} seconds later. */
    abstract static class Leak extends Behaviour {
        protected final Scenario scenario;
        protected final Resource resource;
        protected final double onset;
        protected final double life;

        Leak(Scenario scenario, Resource resource, ProcessProfile profile, double timeScale, double onset, double life) {
            super(profile, timeScale);
            this.scenario = scenario;
            this.resource = resource;
            this.onset = onset;
            this.life = life;
        }

        @Override
        public Scenario scenario() {
            return scenario;
        }

        @Override
        public Resource resource() {
            return resource;
        }

        @Override
        public List<Resource> relatedResources() {
            return switch (resource) {
                case TCP_CLOSE_WAIT, TCP_ESTABLISHED -> List.of(Resource.OPEN_FDS);
                default -> List.of();
            };
        }

        @Override
        public double onsetAge() {
            return onset;
        }

        @Override
        public double exhaustionAge() {
            return onset + life;
        }

        @Override
        public Long resourceLimit() {
            return switch (resource) {
                case MEMORY_RSS -> profile.memoryLimit();
                case THREADS -> profile.threadLimit();
                default -> profile.fdLimit();
            };
        }

        @Override
        public double initialAge(SplittableRandom rng) {
            // started shortly before the window, early enough in its life that most of the leak is watched
            return Math.min(Draw.uniform(rng, 0, 2 * HOUR * timeScale), 0.3 * exhaustionAge());
        }

        /** Share of the leak's life gone at {@code age}: 0 before onset, 1 at exhaustion. */
        protected double progress(double age) {
            return Math.max(0, (age - onset) / life);
        }
    }

    /**
     * One resource grows from its resting level to its limit along {@code progress^power}: power 1 is a
     * linear leak, above 1 an accelerating one.
     */
    static final class Growth extends Leak {
        private final double span;
        private final double power;
        private final double sawtooth;
        private final double sawtoothPeriod;

        Growth(Scenario scenario, Resource resource, ProcessProfile profile, double timeScale, double onset, double life,
               double power, double sawtoothShare, double sawtoothPeriod) {
            super(scenario, resource, profile, timeScale, onset, life);
            this.power = power;
            this.sawtooth = sawtoothShare * profile.rssBase();
            this.sawtoothPeriod = sawtoothPeriod;
            this.span = switch (resource) {
                case MEMORY_RSS -> profile.memoryLimit() - profile.rssBase() - sawtooth;
                case OPEN_FDS, TCP_CLOSE_WAIT, TCP_ESTABLISHED -> profile.fdLimit() - profile.fdBase();
                default -> throw new IllegalArgumentException("no growth leak of " + resource);
            };
            if (span <= 0) {
                throw new IllegalArgumentException("no headroom for a " + resource + " leak in " + profile);
            }
        }

        /**
         * Under a sawtooth the limit is first reached on a climb, not on the trend of the peaks: in
         * the period where the peaks' trend meets the limit, at the moment the climb crosses it.
         */
        @Override
        public double exhaustionAge() {
            double peaksMeetLimit = super.exhaustionAge();
            if (sawtooth <= 0 || power != 1) {
                return peaksMeetLimit;
            }
            double period = Math.floor(peaksMeetLimit / sawtoothPeriod);
            double rate = span / life;
            double crossing = (span + sawtooth + sawtooth * period + rate * onset) / (sawtooth / sawtoothPeriod + rate);
            return crossing;
        }

        @Override
        public void shape(double age, long trueMillis, Levels levels, SplittableRandom rng) {
            if (sawtooth > 0) {
                double position = age / sawtoothPeriod;
                levels.rss += sawtooth * (position - Math.floor(position));
            }
            double leaked = span * Math.pow(progress(age), power);
            switch (resource) {
                case MEMORY_RSS -> levels.rss += leaked;
                case OPEN_FDS -> levels.files += leaked;
                case TCP_CLOSE_WAIT -> levels.closeWait += leaked;
                case TCP_ESTABLISHED -> levels.established += leaked;
                default -> throw new IllegalStateException("unreachable: " + resource);
            }
        }
    }

    /** A chunk of memory leaked per event, events roughly regular (each ±25 % of the interval). */
    static final class Stepped extends Leak {
        private final double chunk;
        private final double interval;
        private final int steps;
        private final long salt;

        Stepped(ProcessProfile profile, double timeScale, double life, int steps, long salt) {
            super(Scenario.RSS_STEPPED, Resource.MEMORY_RSS, profile, timeScale, 0, life);
            this.steps = steps;
            this.chunk = (profile.memoryLimit() - profile.rssBase()) / steps;
            this.interval = life / steps;
            this.salt = salt;
        }

        private double stepAge(long k) {
            return onset + k * interval + (Draw.unitHash(salt, k) - 0.5) * 0.5 * interval;
        }

        /** Events that have happened by {@code age}. */
        int eventsBy(double age) {
            long k = (long) Math.floor((age - onset) / interval) + 1;
            while (k > 0 && stepAge(k) > age) {
                k--;
            }
            return (int) Math.max(0, k);
        }

        @Override
        public void shape(double age, long trueMillis, Levels levels, SplittableRandom rng) {
            levels.rss += chunk * eventsBy(age);
        }

        @Override
        public double exhaustionAge() {
            return stepAge(steps);
        }
    }

    /** Threads started and never joined; each holds some memory (stack, TLS) and maybe an fd or two (eventfd, epoll). */
    static final class Threads extends Leak {
        private final double span;
        private final double rssPerThread;
        private final double fdsPerThread;

        Threads(ProcessProfile profile, double timeScale, double life, double rssPerThread, double fdsPerThread) {
            super(Scenario.THREAD_LEAK, Resource.THREADS, profile, timeScale, 0, life);
            this.span = profile.threadLimit() - profile.threadsBase();
            this.rssPerThread = rssPerThread;
            this.fdsPerThread = fdsPerThread;
        }

        @Override
        public List<Resource> relatedResources() {
            return fdsPerThread > 0 ? List.of(Resource.MEMORY_RSS, Resource.OPEN_FDS) : List.of(Resource.MEMORY_RSS);
        }

        @Override
        public void shape(double age, long trueMillis, Levels levels, SplittableRandom rng) {
            double leaked = span * progress(age);
            levels.threads += leaked;
            levels.rss += leaked * rssPerThread;
            levels.files += leaked * fdsPerThread;
        }

        /** The first limit reached: threads, or memory, or fds (which saturate, and the process then fails). */
        @Override
        public double exhaustionAge() {
            double share = 1;
            share = Math.min(share, (profile.memoryLimit() - profile.rssBase()) / (rssPerThread * span));
            if (fdsPerThread > 0) {
                share = Math.min(share, (profile.fdLimit() - profile.fdBase()) / (fdsPerThread * span));
            }
            return onset + life * share;
        }
    }
}
