using BenchmarkDotNet.Attributes;
using FolderSync.Common.Sync;

namespace FolderSync.Bench.Micro;

/// <summary>
/// Reconciler.Reconcile over 100,000 (base, local, remote) triples drawn from the interesting cases
/// (unchanged, local edit, remote edit, both, creates, deletes, directories), in every access mode.
/// </summary>
[MemoryDiagnoser]
#pragma warning disable CA1515 // BenchmarkDotNet needs public, unsealed benchmark classes.
public class ReconcilerBenchmarks
#pragma warning restore CA1515
{
    private const int Calls = 100_000;
    private (EntryState? Base, EntryState? Local, EntryState? Remote)[] _cases = [];

    [Params(AccessMode.EditOnly, AccessMode.ReadOnly, AccessMode.Full)]
    public AccessMode Mode { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var a = EntryState.File(new string('a', 64), 100, 1);
        var b = EntryState.File(new string('b', 64), 120, 2);
        var c = EntryState.File(new string('c', 64), 130, 3);
        var dir = EntryState.Directory();
        EntryState?[] states = [null, a, b, c, dir];
        var random = new Random(7);
        _cases = [.. Enumerable.Range(0, Calls).Select(_ => (states[random.Next(states.Length)], states[random.Next(states.Length)], states[random.Next(states.Length)]))];
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public int Reconcile()
    {
        int uploads = 0;
        foreach (var (@base, local, remote) in _cases)
        {
            if (Reconciler.Reconcile(@base, local, remote, Mode).Action is SyncAction.Upload)
            {
                uploads++;
            }
        }

        return uploads;
    }
}
