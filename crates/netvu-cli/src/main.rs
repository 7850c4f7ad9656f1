//! `netvu`: inspect, extract and convert NetVu / PAR files from the shell.
//!
//! A thin layer over the `netvu` library: it reads files in large blocks,
//! feeds the indexer, fetches units by range, and prints. Content problems
//! are reported, never fatal; only an unreadable file or a bad command line
//! exits non-zero.

mod commands;
mod render;
mod source;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "netvu",
    version,
    about = "Read Dedicated Micros / AD-Holdings NetVu and PAR files"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Format, cameras, audio, events, settings sections and problems of each file.
    Info {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Every frame (and data unit) in file order.
    Frames {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// The settings a PAR file carries.
    Settings {
        file: PathBuf,
        #[arg(long, conflicts_with = "ini")]
        json: bool,
        /// The stored settings text, byte for byte.
        #[arg(long)]
        ini: bool,
    },
    /// Write frames as files a stock player opens (.jpg, .m4v, .h264, .wav, .pbm).
    Extract {
        file: PathBuf,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        camera: Option<u16>,
        /// Only the frame with this index (as `frames` numbers them).
        #[arg(long)]
        index: Option<usize>,
    },
    /// Decode one frame natively (JPEG, MPEG-4, H.264) to .png (RGB) or .y4m (YUV 4:2:0).
    Render {
        file: PathBuf,
        /// The frame's index (as `frames` numbers them).
        #[arg(long)]
        index: usize,
        /// Output file: its extension, .png or .y4m, chooses the format.
        #[arg(long)]
        out: PathBuf,
    },
    /// Convert recordings into one PAR v1 file.
    Convert {
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        #[arg(long)]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Info { files, json } => commands::info(&files, json),
        Command::Frames { files, json } => commands::frames(&files, json),
        Command::Settings { file, json, ini } => commands::settings(&file, json, ini),
        Command::Extract {
            file,
            out,
            camera,
            index,
        } => commands::extract(&file, &out, camera, index),
        Command::Render { file, index, out } => render::render(&file, index, &out),
        Command::Convert { inputs, out } => commands::convert(&inputs, &out),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("netvu: {e}");
            ExitCode::FAILURE
        }
    }
}
