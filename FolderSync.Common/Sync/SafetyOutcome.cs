namespace FolderSync.Common.Sync;

public enum SafetyOutcome
{
    Proceed,

    /// <summary>The plan deletes a large share of the folder; run it only after the user confirms.</summary>
    RequiresConfirmation,

    /// <summary>The root looks unmounted or wiped; do nothing and show why.</summary>
    Halt,
}
