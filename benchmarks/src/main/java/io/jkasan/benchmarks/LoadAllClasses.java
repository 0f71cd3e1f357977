package io.jkasan.benchmarks;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The start-up benchmark: loads (without initialising) every class of the jar it is in, the shaded
 * benchmarks jar (JMH, JOpt Simple, Commons Math: about 3000 classes). With the agent every class passes
 * through its transformer, so the difference is the agent's start-up plus its per-class cost.
 *
 * <p>Given jar paths instead, it loads every class of those jars, which must be on the class path too: a
 * library's own classes, to see what the rewrite of its {@code Unsafe} and buffer code costs
 * (docs/performance.md, section 4).
 */
public final class LoadAllClasses {
    private LoadAllClasses() {
    }

    /**
     * @param args jars whose classes to load, each also on the class path; none for this class's own jar
     * @throws IOException if a jar cannot be read
     * @throws URISyntaxException never
     */
    public static void main(String[] args) throws IOException, URISyntaxException {
        List<Path> jars = new ArrayList<>();
        for (String arg : args) {
            jars.add(Path.of(arg));
        }
        if (jars.isEmpty()) {
            jars.add(Path.of(LoadAllClasses.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        }
        ClassLoader loader = LoadAllClasses.class.getClassLoader();
        int loaded = 0;
        int failed = 0;
        long start = System.nanoTime();
        for (Path jar : jars) {
            try (JarFile f = new JarFile(jar.toFile())) {
                for (Enumeration<JarEntry> e = f.entries(); e.hasMoreElements();) {
                    String n = e.nextElement().getName();
                    if (!n.endsWith(".class") || n.startsWith("META-INF/") || n.endsWith("module-info.class")) {
                        continue;
                    }
                    try {
                        Class.forName(n.substring(0, n.length() - 6).replace('/', '.'), false, loader);
                        loaded++;
                    } catch (ClassNotFoundException | LinkageError ex) {
                        failed++;                                // optional dependencies of shaded code
                    }
                }
            }
        }
        System.out.println("loaded " + loaded + " classes, " + failed + " failed, in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
    }
}
