// The build failed for BugTest, StrayReportTest and the class ClassLevelReportTest, each with the complete
// reports in the failure; the expected-report and clean tests passed; the agent came from the plugin's
// argLine, not from jkasan-junit attaching it.
def log = new File(basedir, 'build.log').text

def check = { ok, String what -> // Groovy truth: a Matcher is true when it finds
    if (!ok) {
        throw new AssertionError("build.log: " + what)
    }
}

check(log =~ /argLine set to -javaagent:\S*\/io\/jkasan\/jkasan-agent\/[^\/]+\/jkasan-agent-[^\/]+\.jar=multi_shot=true/,
        'prepare-agent set argLine to the agent jar with its options')
check(log =~ /Tests run: 1, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: \S+ s <<< FAILURE! -- in io\.jkasan\.it\.BugTest/,
        'BugTest failed')
check(log.contains('KASAN: 1 report during test io.jkasan.it.BugTest.writes_past_the_end(): vmalloc-out-of-bounds in io.jkasan.it.OffHeap.writeByte+0x'),
        'the failure names the report')
check(log =~ /(?s)==================================================================\nBUG: KASAN: vmalloc-out-of-bounds in io\.jkasan\.it\.OffHeap\.writeByte\+0x\S+\nWrite of size 1 at addr \S+ by task main\/\d+\n\nCall Trace:\n.* io\.jkasan\.it\.BugTest\.writes_past_the_end\+0x.*\nMemory state around the buggy address:\n/,
        'the failure carries the complete report')
check(log =~ /Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: \S+ s -- in io\.jkasan\.it\.ExpectedReportTest/,
        'ExpectedReportTest passed')
check(log =~ /Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: \S+ s -- in io\.jkasan\.it\.CleanTest/,
        'CleanTest passed')
check(log.contains('KASAN: 1 report pending before expectKasanReport("use-after-free"): vmalloc-out-of-bounds in io.jkasan.it.OffHeap.writeByte+0x'),
        'StrayReportTest failed on the stray report before its expectation ran')
check(log =~ /Tests run: 1, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: \S+ s <<< FAILURE! -- in io\.jkasan\.it\.StrayReportTest/,
        'StrayReportTest failed')
check(log =~ /KASAN: 2 reports during class io\.jkasan\.it\.ClassLevelReportTest: vmalloc-out-of-bounds in io\.jkasan\.it\.OffHeap\.writeByte\+0x\S+; double-free in io\.jkasan\.it\.OffHeap\.doubleFree\+0x/,
        'the class failed with the @BeforeAll and the @AfterAll report')
check(log =~ /Tests run: 2, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: \S+ s <<< FAILURE! -- in io\.jkasan\.it\.ClassLevelReportTest/,
        'ClassLevelReportTest: its clean test passed, the class failed')
check(log =~ /(?s)BUG: KASAN: double-free in io\.jkasan\.it\.OffHeap\.doubleFree\+0x\S+\nFree of addr \S+ by task main\/\d+\n/,
        'the @AfterAll double free is printed in full')
check(log.contains('Tests run: 6, Failures: 3, Errors: 0, Skipped: 0'), 'three failures in six tests and classes')
check(log.contains('BUILD FAILURE'), 'the build failed')
check(!log.contains('loaded dynamically'), 'the agent was not attached at run time')
return true
