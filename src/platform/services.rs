//! What one viewer runs in the browser: its indexing worker, its video
//! decoders (and their workers), and where the problems found while showing
//! its files go. Nothing here is shared with another viewer on the page;
//! dropping the services (the viewer unmounted) ends its workers and
//! closes its decoders.

use netvu::Problem;

use super::frames::ProblemSink;
use super::indexing::IndexingService;
use super::video::VideoDecoders;
use crate::core::opened::FileId;

pub struct ViewerServices {
    pub indexing: IndexingService,
    pub video: VideoDecoders,
    report: ProblemSink,
}

impl ViewerServices {
    /// Starts the viewer's workers. `report` takes the problems found after
    /// indexing; `on_indexer_ready` is told once the indexing worker takes jobs.
    pub fn new(report: ProblemSink, on_indexer_ready: impl Fn() + 'static) -> ViewerServices {
        ViewerServices {
            indexing: IndexingService::new(on_indexer_ready),
            video: VideoDecoders::new(report.clone()),
            report,
        }
    }

    /// A problem of file `file` found after indexing (a frame's chunk CRC
    /// checked when it was fetched).
    pub fn report(&self, file: FileId, problem: Problem) {
        (self.report)(file, problem);
    }

    /// File `file` was closed: its decoders go.
    pub fn close_file(&self, file: FileId) {
        self.video.forget_file(file);
    }
}
