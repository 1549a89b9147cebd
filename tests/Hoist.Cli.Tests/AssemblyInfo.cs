// These tests drive the real hoist command against real images and installers: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
