#!/usr/bin/perl
# Labels bounce emails with Sisimai's reading, for SisimaiCorpusMeasure (see docs/knowledge.md,
# "Accuracy on a public corpus"). Needs Sisimai 4 (Debian: apt-get install libsisimai-perl).
#   perl sisimai-labels.pl DIR/*.eml > DIR/labels.tsv
# One row per recipient Sisimai finds, tab-separated: file, reason, softbounce (1 soft, 0 hard,
# -1 not a bounce), address, action, status, reply code, SMTP command, diagnostic text (blanks
# collapsed). A file in which Sisimai finds nothing gets one row with "-" in every column after
# the file name.
use strict;
use warnings;
use Sisimai;

for my $path (@ARGV) {
    my $found = Sisimai->make($path, 'delivered' => 1) || [];
    (my $file = $path) =~ s{.*/}{};
    if (!@$found) {
        print join("\t", $file, ('-') x 8), "\n";
        next;
    }
    for my $r (@$found) {
        print join("\t", $file, $r->reason // '', $r->softbounce // '', $r->recipient->address // '',
            $r->action // '', $r->deliverystatus // '', $r->replycode // '', $r->smtpcommand // '',
            collapse($r->diagnosticcode)), "\n";
    }
}

sub collapse {
    my $text = shift // '';
    $text =~ s/\s+/ /g;
    return $text;
}
