namespace FolderSync.Common.Sync;

public enum SafetyOutcome
{
    Proceed,

    /// <summary>The root looks unmounted or wiped; do nothing and show why.</summary>
    Halt,
}
