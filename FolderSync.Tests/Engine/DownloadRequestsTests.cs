using FolderSync.Client.Engine;
using FolderSync.Common.Protocol;

namespace FolderSync.Tests.Engine;

public sealed class DownloadRequestsTests
{
    private readonly List<string> _sent = [];

    [SetUp]
    public void Forget() => _sent.Clear();

    private void Send(RelativePath path) => _sent.Add(path.Value);

    private static RelativePath P(int i) => RelativePath.Parse($"f{i:D5}.txt");

    [Test]
    public void At_most_a_window_of_requests_is_on_the_wire_and_each_answer_lets_the_next_go()
    {
        var requests = new DownloadRequests();
        for (int i = 0; i < DownloadRequests.Window + 100; i++)
        {
            requests.Ask(P(i), Send);
        }

        Assert.That(_sent, Has.Count.EqualTo(DownloadRequests.Window));
        Assert.That(requests, Has.Count.EqualTo(DownloadRequests.Window + 100), "the waiting ones still count as pending");

        requests.Answered(P(0), Send);
        requests.Answered(P(1), Send);

        Assert.That(_sent, Has.Count.EqualTo(DownloadRequests.Window + 2));
        Assert.That(_sent[^2..], Is.EqualTo(new[] { P(DownloadRequests.Window).Value, P(DownloadRequests.Window + 1).Value }), "in the order asked");
        Assert.That(requests.Contains(P(0)), Is.False);
    }

    [Test]
    public void A_path_answered_while_it_waited_is_not_asked_for_and_a_path_is_never_on_the_wire_twice()
    {
        var requests = new DownloadRequests();
        for (int i = 0; i < DownloadRequests.Window; i++)
        {
            requests.Ask(P(i), Send);
        }

        var waiting = P(99_999);
        requests.Ask(waiting, Send);
        requests.Ask(waiting, Send);
        requests.Answered(waiting, Send); // a live push brought it before its turn
        requests.Ask(P(0), Send); // already on the wire

        requests.Answered(P(1), Send);

        Assert.That(_sent, Does.Not.Contain(waiting.Value));
        Assert.That(_sent, Has.Count.EqualTo(DownloadRequests.Window));
        Assert.That(_sent.Distinct().Count(), Is.EqualTo(_sent.Count));
        Assert.That(requests, Has.Count.EqualTo(DownloadRequests.Window - 1));
    }

    [Test]
    public void Without_a_link_an_answer_sends_nothing_and_clear_forgets_everything()
    {
        var requests = new DownloadRequests();
        for (int i = 0; i < DownloadRequests.Window + 1; i++)
        {
            requests.Ask(P(i), Send);
        }

        requests.Answered(P(0), send: null);
        Assert.That(_sent, Has.Count.EqualTo(DownloadRequests.Window));

        requests.Clear();
        Assert.That(requests, Is.Empty);
        requests.Ask(P(0), Send);
        Assert.That(_sent, Has.Count.EqualTo(DownloadRequests.Window + 1), "asked again on a new connection");
    }
}
