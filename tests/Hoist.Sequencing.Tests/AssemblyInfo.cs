// Integration tests here share OS images and run real installers: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
