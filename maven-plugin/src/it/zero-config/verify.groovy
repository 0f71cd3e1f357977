// jkasan-junit attached the agent in the test JVM, which then checked the already loaded test class: the
// build failed for the use after free alone, with the complete report.
def log = new File(basedir, 'build.log').text

def check = { ok, String what -> // Groovy truth: a Matcher is true when it finds
    if (!ok) {
        throw new AssertionError("build.log: " + what)
    }
}

check(!log.contains('argLine set to'), 'nothing set an argLine')
check(log.contains('WARNING: A Java agent has been loaded dynamically (') || Runtime.version().feature() < 21,
        'the agent was attached at run time')
check(log =~ /Tests run: 2, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: \S+ s <<< FAILURE! -- in io\.jkasan\.it\.UseAfterFreeTest/,
        'one of the two tests failed')
check(log.contains('KASAN: 1 report during test io.jkasan.it.UseAfterFreeTest.reads_after_free(): use-after-free in io.jkasan.it.UseAfterFreeTest.reads_after_free+0x'),
        'the use after free failed its test')
check(log =~ /(?s)BUG: KASAN: use-after-free in io\.jkasan\.it\.UseAfterFreeTest\.reads_after_free\+0x\S+\nRead of size 8 at addr .*\nFreed by task main\/\d+:\n io\.jkasan\.it\.UseAfterFreeTest\.reads_after_free\+0x.*\nMemory state around the buggy address:\n/,
        'the failure carries the complete report')
check(!(log =~ /UseAfterFreeTest\.reads_before_free -- Time elapsed: \S+ s <<< (FAILURE|ERROR)!/), 'the correct twin passed')
check(log.contains('BUILD FAILURE'), 'the build failed')
return true
