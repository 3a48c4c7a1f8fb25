using System.IO.Pipelines;

namespace FolderSync.Tests.Framing;

/// <summary>Writes bytes into a pipe in chunks of chosen sizes, flushing after each, then completes it.</summary>
internal static class PipeFeeder
{
    public static async Task FeedAsync(PipeWriter writer, byte[] data, Func<int> nextChunk, bool complete = true)
    {
        for (int offset = 0; offset < data.Length;)
        {
            int size = Math.Clamp(nextChunk(), 1, data.Length - offset);
            await writer.WriteAsync(data.AsMemory(offset, size));
            offset += size;
        }

        if (complete)
        {
            await writer.CompleteAsync();
        }
    }

    /// <summary>Guards an await: a hang becomes a test failure instead of a stuck run.</summary>
    public static async Task<T> WithinAsync<T>(Task<T> task, int seconds = 10) => await task.WaitAsync(TimeSpan.FromSeconds(seconds));

    public static async Task WithinAsync(Task task, int seconds = 10) => await task.WaitAsync(TimeSpan.FromSeconds(seconds));
}
