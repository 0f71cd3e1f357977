package io.jkasan.benchmarks;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The start-up benchmark: loads (without initialising) every class of the jar it is in, the shaded
 * benchmarks jar (JMH, JOpt Simple, Commons Math: about 3000 classes). With the agent every class passes
 * through its transformer, so the difference is the agent's start-up plus its per-class cost.
 */
public final class LoadAllClasses {
    private LoadAllClasses() {
    }

    /**
     * @param args unused
     * @throws IOException if the jar cannot be read
     * @throws URISyntaxException never
     */
    public static void main(String[] args) throws IOException, URISyntaxException {
        Path jar = Path.of(LoadAllClasses.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ClassLoader loader = LoadAllClasses.class.getClassLoader();
        int loaded = 0;
        int failed = 0;
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
                    failed++;                                    // optional dependencies of shaded code
                }
            }
        }
        System.out.println("loaded " + loaded + " classes, " + failed + " failed");
    }
}
