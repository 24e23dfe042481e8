//! Batches: many requests sent with few `sendmsg` calls, one result per request, in order.

use super::error::{Error, Result};
use super::request::{warning_of, Step};
use super::socket::{Socket, Support};
use crate::wire::consts::{NLM_F_ACK, NLM_F_REQUEST};
use crate::wire::{Batch, MsgIter};

/// What the kernel answered one request of a batch: `Ok` with the warning attached to its ACK,
/// if any, or the kernel's error.
pub type BatchResult = Result<Option<crate::wire::ExtAckInfo>>;

/// Most bytes sent in one datagram. The kernel refuses datagrams larger than the send buffer,
/// and answers each request with an ACK that must fit the receive queue, so a large batch is
/// sent in slices whose ACKs are read before the next slice goes out.
const SLICE_BYTES: usize = 64 * 1024;
/// Most requests in one slice, so their ACKs fit a 1 MiB receive queue with room to spare.
const SLICE_MSGS: usize = 256;

impl Socket {
    /// Sends every request of `batch` with `NLM_F_REQUEST | NLM_F_ACK` and consecutive fresh
    /// sequence numbers, and returns one result per request, in request order: `Ok(())` for
    /// an ACK, or the kernel's error with its extended ACK mapped to that request's attributes.
    ///
    /// The outer `Err` is for failures of the socket itself (a system call, a timeout, a
    /// signal, an overrun or a datagram too large while ACKs are still missing); the ACKs
    /// still to come are skipped by the next conversation. An ACK too short to read is that
    /// request's error; a second answer to the same request is ignored.
    pub fn batch(&mut self, batch: &mut Batch) -> Result<Vec<BatchResult>> {
        self.drain_pending()?;
        let mut results = Vec::with_capacity(batch.len());
        let count = u32::try_from(batch.len()).map_err(|_| Error::Invalid("batch too large"))?;
        // One contiguous range of sequence numbers that does not wrap through 0, the number
        // notifications carry.
        if self.seq.checked_add(count).is_none() {
            self.seq = 0;
        }
        let first = self.seq + 1;
        self.seq += count;
        batch.stamp(first, NLM_F_REQUEST | NLM_F_ACK);
        self.warning = None;
        let mut start = 0;
        while start < batch.len() {
            let mut end = start + 1;
            while end < batch.len()
                && end - start < SLICE_MSGS
                && batch.span(start..end + 1).len() <= SLICE_BYTES
            {
                end += 1;
            }
            let span = batch.span(start..end);
            if self.cap_ack != Support::Enabled {
                // An error ACK echoes its request, which is no longer than the slice.
                self.reserve_for_ack_of(span.len());
            }
            super::io::send(self.transport.as_mut(), &batch.bytes()[span])?;
            self.collect_acks(batch, first, start..end, &mut results)?;
            start = end;
        }
        Ok(results)
    }

    /// Reads the ACKs of requests `range` of `batch` (request `i` has sequence `first + i`)
    /// into `results`.
    fn collect_acks(
        &mut self,
        batch: &Batch,
        first: u32,
        range: std::ops::Range<usize>,
        results: &mut Vec<BatchResult>,
    ) -> Result<()> {
        let mut slots: Vec<Option<BatchResult>> = Vec::new();
        slots.resize_with(range.len(), || None);
        let mut pending = range.len();
        while pending > 0 {
            let n = self.recv_datagram()?;
            for m in MsgIter::new(&self.buf[..n]) {
                let m = m?;
                let i = m.seq().wrapping_sub(first) as usize;
                if !range.contains(&i) {
                    continue;
                }
                let Some(request) = batch.message(i) else {
                    continue;
                };
                let slot = &mut slots[i - range.start];
                // A malformed answer (an ERROR too short for its errno) is that request's
                // result: the other requests' answers are still read.
                let outcome = match self.step(m, m.seq(), request) {
                    Ok(Step::Foreign | Step::Data(_)) => continue,
                    Ok(Step::Finished(ext)) => Ok(warning_of(ext, request)),
                    Ok(Step::Failed(e)) | Err(e) => Err(e),
                };
                // The first answer counts: a duplicate (stale, or forged past the checks) is
                // neither counted twice nor allowed to replace it.
                if slot.is_none() {
                    pending -= 1;
                    *slot = Some(outcome);
                }
            }
        }
        results.extend(slots.into_iter().flatten());
        Ok(())
    }
}
