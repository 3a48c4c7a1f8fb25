using FolderSync.Common.Folders;

namespace FolderSync.Tests.Engine;

public sealed class WorkQueueTests
{
    [Test]
    public async Task WorkRunsInOrderOneAtATime()
    {
        var queue = new WorkQueue();
        using var stop = new CancellationTokenSource();
        var loop = queue.RunAsync(stop.Token);
        var order = new List<int>();
        var posts = Enumerable.Range(0, 100).Select(i => queue.Post(() => order.Add(i))).ToList();
        await Task.WhenAll(posts).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(order, Is.EqualTo(Enumerable.Range(0, 100)));
        Assert.That(queue.Pending, Is.Zero);
        await stop.CancelAsync();
        Assert.That(async () => await loop, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task WorkPostedAfterTheLoopStoppedFailsInsteadOfHanging()
    {
        var queue = new WorkQueue();
        using var stop = new CancellationTokenSource();
        var loop = queue.RunAsync(stop.Token);
        await stop.CancelAsync();
        Assert.That(async () => await loop, Throws.InstanceOf<OperationCanceledException>());

        // Nobody called Complete(): before the fix this post was accepted and its awaiter waited forever.
        var late = queue.Post(() => { });

        Assert.That(async () => await late.WaitAsync(TimeSpan.FromSeconds(10)), Throws.InstanceOf<ObjectDisposedException>());
        Assert.That(queue.Pending, Is.Zero);
    }

    [Test]
    public async Task BeforeOtherWorkRunsBeforeEveryItemButThoseOfABurst()
    {
        var queue = new WorkQueue();
        var steps = new List<string>();
        queue.BeforeOtherWork = () => steps.Add("commit");
        using var stop = new CancellationTokenSource();
        var loop = queue.RunAsync(stop.Token);
        var posts = new[]
        {
            queue.PostInBurst(() => steps.Add("body 1")),
            queue.PostInBurst(() => steps.Add("body 2")),
            queue.Post(() => steps.Add("watch batch")),
            queue.PostInBurst(() => steps.Add("body 3")),
        };
        await Task.WhenAll(posts).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(steps, Is.EqualTo(new[] { "body 1", "body 2", "commit", "watch batch", "body 3" }), "the burst's rows are committed before any other step sees the state");
        await stop.CancelAsync();
        Assert.That(async () => await loop, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task OnlyWorkThatEndsABurstCountsAsOtherWork()
    {
        var queue = new WorkQueue();
        var steps = new List<string>();
        queue.BeforeOtherWork = () => steps.Add("commit");
        var seen = new List<int>();
        var posts = new[]
        {
            queue.PostInBurst(() => seen.Add(queue.OtherWorkQueued)),
            queue.PostInBurst(() =>
            {
                seen.Add(queue.OtherWorkQueued);
                steps.Add("watch batch");
                return Task.CompletedTask;
            }),
            queue.Post(() => steps.Add("status")),
        };
        Assert.That(queue.OtherWorkQueued, Is.EqualTo(1), "queued: two burst steps and one item that ends the burst");

        using var stop = new CancellationTokenSource();
        var loop = queue.RunAsync(stop.Token);
        await Task.WhenAll(posts).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(seen, Is.EqualTo(new[] { 1, 1 }), "the burst sees the one item that will end it");
        Assert.That(steps, Is.EqualTo(new[] { "watch batch", "commit", "status" }), "a hint posted in the burst does not commit it");
        Assert.That(queue.OtherWorkQueued, Is.Zero);
        await stop.CancelAsync();
        Assert.That(async () => await loop, Throws.InstanceOf<OperationCanceledException>());
    }
}
