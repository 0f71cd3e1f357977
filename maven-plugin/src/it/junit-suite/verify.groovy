// The build failed for BugTest alone, with the complete report in the failure, and the agent came from the
// plugin's argLine, not from jkasan-junit attaching it.
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
check(log.contains('Tests run: 3, Failures: 1, Errors: 0, Skipped: 0'), 'one failure in three tests')
check(log.contains('BUILD FAILURE'), 'the build failed')
check(!log.contains('loaded dynamically'), 'the agent was not attached at run time')
return true
