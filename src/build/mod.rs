//! A build: packs loaded and checked, the command line expanded into jobs,
//! every job laid out and rendered, and every output that succeeded written
//! atomically; one that failed leaves its earlier file as it was. The
//! manifest (`manifest`) then describes the whole output folder.
//!
//! One file per step, each importing only those before it:
//! [`load`] (packs and sites, checked) -> [`plan`](mod@plan) (the jobs) -> [`render`]
//! (laid out and drawn, in parallel) -> [`output`] (a file written
//! atomically) -> [`manifest`] (what the folder holds) -> [`journal`]
//! (what a build has written so far, and the recovery after a crash) ->
//! [`contact_sheet`] (`index.html`, drawn from the manifest) -> [`folder`]
//! (an output folder written under its lock, then its manifest and
//! contact sheet).

pub mod contact_sheet;
pub mod folder;
pub mod journal;
pub mod load;
pub mod manifest;
pub mod output;
pub mod plan;
pub mod render;

pub use folder::{write_all, Inputs, OutputFolder};
pub use load::{load_each, load_packs, load_sites, Checks, LoadedPack, LoadedSite, Sites};
pub use output::{
    modified_ns, remove_leftovers, write_atomic, Output, WriteError, Written, TEMP_PREFIX,
    TEMP_SUFFIX,
};
pub use plan::{
    output_path, plan, plan_for, png_path, About, Job, Languages, Plan, PrintOptions, Selection,
    SelectionError, Skipped, Sources, Target,
};
pub use render::{render_job, render_jobs, render_jobs_with, JobError, Rendered, Spread};
